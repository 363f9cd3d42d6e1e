using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pledge.Grains.Hosting;
using Pledge.Service;
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

    /// <summary>The silo the API (an Orleans client in this configuration) talks to, in this process, on the same database.</summary>
    private IHost? silo;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Pledge:Storage"] = "postgres",
            ["ConnectionStrings:Pledge"] = ConnectionString,
            ["Pledge:Host:AllowPrivateWebhookTargets"] = "true",
            ["Pledge:Silo:SiloPort"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pledge:Silo:GatewayPort"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await Pledge.Service.Hosting.PledgeDatabase.MigrateAsync(Pledge.Service.Hosting.PledgeDatabase.ConnectionString(configuration));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders().AddProvider(Logs);
        builder.Services.AddPledgeService(configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        builder.UseOrleans(s => s.AddPledge(configuration));
        silo = builder.Build();
        await silo.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (silo is not null)
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

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
