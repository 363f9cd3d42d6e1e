using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Orleans.Runtime;
using Pledge.Grains.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;
using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>
/// The API in process with a clock the test moves: on the embedded default, or (<c>Pledge:Storage=postgres</c> in
/// <see cref="Settings"/>) as an Orleans client of a silo this factory hosts beside it on the same database and clock.
/// </summary>
public class PledgeApiFactory : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "test-operator-key-0123456789abcdef";

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>When false the service runs on the system clock (real-time tests).</summary>
    public bool UseManualClock { get; init; } = true;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Pledge:Auth:BootstrapKey"] = BootstrapKey,
        ["Pledge:Host:AllowPrivateWebhookTargets"] = "true",
        // Each test app hosts its own silo: ports of its own on loopback.
        ["Pledge:Silo:SiloPort"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pledge:Silo:GatewayPort"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Every log entry the app writes at its configured levels.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (UseManualClock)
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    private IHost? silo;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Deadlines are reminders on the manual clock; a test must not meet a reminder service still loading. On the
        // system clock Orleans' own retries move on by themselves, so there is nothing to wait for.
        using var reminders = UseManualClock ? new ReminderServicesStarted() : null;
        if (Settings.GetValueOrDefault("Pledge:Storage") == "postgres")
            silo = StartSilo();
        var host = base.CreateHost(builder);
        if (reminders is not null && (silo ?? host).Services.GetService<ILocalSiloDetails>() is { } local)
            reminders.WaitAsync([local.SiloAddress], Clock.Advance).GetAwaiter().GetResult();
        return host;
    }

    private IHost StartSilo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders().AddProvider(Logs);
        builder.Services.AddPledgeService(configuration);
        if (UseManualClock)
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        builder.UseOrleans(s => s.AddPledge(configuration));
        var host = builder.Build();
        // WebApplicationFactory builds its host synchronously; the silo must be up before the api's client looks for it.
        PledgeDatabase.MigrateAsync(PledgeDatabase.ConnectionString(configuration)).GetAwaiter().GetResult();
        host.StartAsync().GetAwaiter().GetResult();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (silo is not null)
        {
            await silo.StopAsync();
            silo.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    public HttpClient Operator() => WithKey(BootstrapKey);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, PledgeApiFactory> Owners = new();

    /// <summary>The service's clock and armed timers, for a failure message.</summary>
    public static string Diagnose(HttpClient client)
    {
        if (!Owners.TryGetValue(client, out var factory) || !factory.UseManualClock) return "";
        return $"clock {factory.Clock.GetUtcNow():O}; timers [{string.Join(", ", factory.Clock.PendingTimers.Select(t => t.ToString("O")))}]; " +
            $"moved past a reminder period {factory.ReminderPeriodPassed}; " +
            $"log: {string.Join(" | ", factory.Logs.Entries.Where(e => e.Contains("eadline", StringComparison.Ordinal) || e.Contains("eaction", StringComparison.Ordinal)).TakeLast(5))}";
    }

    /// <summary>Moves the service's manual clock past one reminder period, as real time would if a firing were held up.</summary>
    public static void PassReminderPeriod(HttpClient client)
    {
        if (Owners.TryGetValue(client, out var factory) && factory.UseManualClock)
        {
            factory.ReminderPeriodPassed = true;
            factory.Clock.Advance(Pledge.Grains.ReminderTicks.Period + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Whether a test of this service needed <see cref="PassReminderPeriod"/> (printed on failure).</summary>
    public bool ReminderPeriodPassed { get; private set; }

    /// <summary>
    /// Lets a test waiting on <paramref name="client"/> move that service's manual clock over timers armed a hair
    /// after the last <see cref="ManualClock.Advance"/> (see <see cref="ManualClock.FireDueWithin"/>).
    /// </summary>
    public static void Nudge(HttpClient client)
    {
        if (Owners.TryGetValue(client, out var factory) && factory.UseManualClock)
            factory.Clock.FireDueWithin(TimeSpan.FromMilliseconds(1));
    }

    public HttpClient WithKey(string key)
    {
        var client = CreateDefaultClient(new Contract.ContractCheck());
        Owners.AddOrUpdate(client, this);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a tenant and returns clients holding one key of each role.</summary>
    public Task<TenantClients> NewTenantAsync(string tenant) => TenantCreate(WithKey, tenant);

    /// <summary>Creates <paramref name="tenant"/> with the bootstrap key and issues one key of each role, on any test app.</summary>
    internal static async Task<TenantClients> TenantCreate(Func<string, HttpClient> withKey, string tenant)
    {
        using var op = withKey(BootstrapKey);
        (await op.PostAsJsonAsync("/v1/tenants", new { id = tenant })).EnsureSuccessStatusCode();
        async Task<HttpClient> KeyAsync(string role)
        {
            var response = await op.PostAsJsonAsync($"/v1/tenants/{tenant}/keys", new { role });
            response.EnsureSuccessStatusCode();
            var issued = await response.Content.ReadFromJsonAsync<IssuedKey>();
            return withKey(issued!.Key);
        }
        return new TenantClients(tenant, await KeyAsync("platform"), await KeyAsync("reviewer"), await KeyAsync("admin"));
    }

    public sealed record IssuedKey(string Key, string KeyId, string Tenant, string Role);
}

public sealed record TenantClients(string Tenant, HttpClient Platform, HttpClient Reviewer, HttpClient Admin);
