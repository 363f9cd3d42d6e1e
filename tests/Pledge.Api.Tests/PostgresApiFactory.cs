using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>
/// The API in process on the durable host (<c>Pledge:Storage=postgres</c>), in a fresh database of the run's
/// throwaway PostgreSQL server, with a clock the test moves and rate limits out of the way.
/// </summary>
public class PostgresApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string BootstrapKey = PledgeApiFactory.BootstrapKey;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration, applied after the defaults above; set before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Every log entry the app writes at its configured levels.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Pledge:Storage", "postgres");
        builder.UseSetting("ConnectionStrings:Pledge", ConnectionString);
        builder.UseSetting("Pledge:Auth:BootstrapKey", BootstrapKey);
        builder.UseSetting("Pledge:Host:AllowPrivateWebhookTargets", "true");
        builder.UseSetting("Pledge:Limits:RequestsPerSecond", "1000000");
        builder.UseSetting("Pledge:Limits:Burst", "1000000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a tenant and returns clients holding one key of each role.</summary>
    public Task<TenantClients> NewTenantAsync(string tenant) => PledgeApiFactory.TenantCreate(WithKey, tenant);
}
