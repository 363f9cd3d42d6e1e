using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime;
using Pledge.Grains.Entities;
using Pledge.Service;
using Pledge.Service.Hosting;

namespace Pledge.Grains.Hosting;

/// <summary>The providers a Pledge silo wires, chosen by <c>Pledge:Storage</c>.</summary>
public static class PledgeSilo
{
    /// <summary>
    /// Embedded default (<c>memory</c>): localhost clustering, memory grain storage, memory reminders. Durable
    /// (<c>postgres</c>): membership, grain state and reminders in PostgreSQL through Orleans' AdoNet providers.
    /// Either way the silo listens and advertises on <c>Pledge:Silo:AdvertisedAddress</c> (loopback by default).
    /// </summary>
    public static ISiloBuilder AddPledge(this ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = SiloSettings.From(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        if (PledgeStorage.IsEmbedded(configuration))
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = settings.AdvertisedAddress);
            silo.AddPledgeMemoryStorage();
        }
        else
        {
            var connectionString = PledgeDatabase.ConnectionString(configuration);
            silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: settings.ListenOnAnyAddress);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PledgeDatabase.Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddPledgePostgresStorage(connectionString);
        }
        if (configuration.GetValue("Pledge:Silo:Kubernetes", false))
            silo.UseKubernetesHosting();
        silo.AddActivityPropagation();
        silo.AddPledgeDashboard(configuration);
        silo.Services.AddPledgeGrainServices();
        return silo;
    }

    /// <summary>Grain state and reminders of the embedded default: Orleans' memory providers.</summary>
    public static ISiloBuilder AddPledgeMemoryStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(EntityRuntime.StorageName, o => o.GrainStorageSerializer = GrainStateJson.Serializer);
        return silo.UseInMemoryReminderService();
    }

    /// <summary>
    /// Grain state and reminders of the durable configuration: Orleans' AdoNet providers on PostgreSQL, and the wake-up
    /// of entities whose reminders fell due while no silo held them.
    /// </summary>
    public static ISiloBuilder AddPledgePostgresStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.AddAdoNetGrainStorage(EntityRuntime.StorageName, o =>
        {
            o.Invariant = PledgeDatabase.Invariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = GrainStateJson.Serializer;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PledgeDatabase.Invariant;
            o.ConnectionString = connectionString;
        });
        // Orleans' defaults, pinned: the reminder table's range reads leave out what starts more than 20 minutes
        // ahead (deploy/sql/0008_reminder_window.sql), which must stay beyond the window the service schedules.
        silo.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromMinutes(5);
            o.ReminderLoadingWindow = TimeSpan.FromMinutes(10);
        });
        return silo.AddOverdueDeadlineWakeUp();
    }

    /// <summary>An api node of the durable configuration: a client that finds the silos' gateways in the membership table.</summary>
    public static IClientBuilder AddPledge(this IClientBuilder client, IConfiguration configuration)
    {
        var settings = SiloSettings.From(configuration);
        var connectionString = PledgeDatabase.ConnectionString(configuration);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = PledgeDatabase.Invariant;
            o.ConnectionString = connectionString;
        });
        client.AddActivityPropagation();
        client.Services.AllowDriverExceptions();
        // Api nodes may start before any silo: keep looking for a gateway instead of failing the start.
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }

    /// <summary>What the grains resolve, on top of the application's own services (catalog, index, options, clock).</summary>
    public static IServiceCollection AddPledgeGrainServices(this IServiceCollection services)
    {
        services.AllowDriverExceptions();
        services.TryAddSingleton<Pledge.Service.Observability.DomainMetrics>();
        services.AddSingleton<EntityRuntime>();
        services.AddSingleton<Webhooks.WebhookSender>();
        // Grains and reminders follow the application's clock (a test's fake one too); the cluster's own machinery
        // (messaging timeouts, membership, directory) stays on real time, so moving a test clock cannot break it.
        foreach (var name in new[] { TimeProviderNames.Messaging, TimeProviderNames.Membership, TimeProviderNames.SystemTimers,
                     TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
            services.AddKeyedSingleton(name, TimeProvider.System);
        return services;
    }
}

internal static class DriverExceptions
{
    // Orleans serializes only exceptions of the namespaces it knows. A grain that cannot activate because PostgreSQL
    // is down answers with Npgsql's exception inside; without this the answer itself fails to serialize and the api
    // sees a codec error (a 500) instead of the outage (a 503 with Retry-After).
    public static IServiceCollection AllowDriverExceptions(this IServiceCollection services) =>
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}

/// <summary>The silo's own settings: <c>Pledge:Silo:*</c> and <c>Pledge:Cluster:*</c>.</summary>
public sealed record SiloSettings(int SiloPort, int GatewayPort, IPAddress AdvertisedAddress, string ClusterId, string ServiceId)
{
    /// <summary>Listen on every interface only when the silo advertises a routable address (containers, clusters).</summary>
    public bool ListenOnAnyAddress => !IPAddress.IsLoopback(AdvertisedAddress);

    public static SiloSettings From(IConfiguration configuration)
    {
        var address = configuration["Pledge:Silo:AdvertisedAddress"];
        return new SiloSettings(
            configuration.GetValue("Pledge:Silo:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            configuration.GetValue("Pledge:Silo:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            string.IsNullOrEmpty(address) ? IPAddress.Loopback : IPAddress.Parse(address),
            configuration["Pledge:Cluster:ClusterId"] ?? "pledge",
            configuration["Pledge:Cluster:ServiceId"] ?? "pledge");
    }
}
