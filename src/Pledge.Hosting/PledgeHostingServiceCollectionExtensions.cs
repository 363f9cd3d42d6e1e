using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.InMemory;
using Pledge.Hosting.Postgres;
using Pledge.Hosting.Reactions;
using Pledge.Hosting.Retention;
using Pledge.Hosting.Webhooks;

namespace Pledge.Hosting;

/// <summary>Registers an entity host with its catalog, webhook store, background services, health check and metrics.</summary>
public static class PledgeHostingServiceCollectionExtensions
{
    /// <summary>The embedded default: everything in this process's memory, not durable.</summary>
    public static IServiceCollection AddPledgeInMemoryHost(this IServiceCollection services, Action<PledgeHostOptions>? configure = null)
    {
        AddCommon(services, configure);
        services.TryAddSingleton<InMemoryEntityHost>();
        services.TryAddSingleton<IEntityHost>(sp => sp.GetRequiredService<InMemoryEntityHost>());
        services.TryAddSingleton<IDeadlineStore>(sp => sp.GetRequiredService<InMemoryEntityHost>());
        services.TryAddSingleton<IReactionStore>(sp => sp.GetRequiredService<InMemoryEntityHost>());
        services.TryAddSingleton<InMemoryWebhookStore>();
        services.TryAddSingleton<IWebhookStore>(sp => sp.GetRequiredService<InMemoryWebhookStore>());
        services.TryAddSingleton<IWebhookQueue>(sp => sp.GetRequiredService<InMemoryWebhookStore>());
        services.TryAddSingleton<IStorageProbe, InMemoryProbe>();
        services.TryAddSingleton<IEventRetention, InMemoryEventRetention>();
        AddBackground(services);
        return services;
    }

    /// <summary>The durable host on PostgreSQL; any number of nodes may share the database.</summary>
    public static IServiceCollection AddPledgePostgresHost(this IServiceCollection services, string connectionString, Action<PledgeHostOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        AddCommon(services, configure);
        services.TryAddSingleton(_ => PostgresDataSource.Create(connectionString));
        services.TryAddSingleton<PostgresMigrator>();
        services.TryAddSingleton<PostgresNotifications>();
        services.TryAddSingleton<PostgresEntityHost>();
        services.TryAddSingleton<IEntityHost>(sp => sp.GetRequiredService<PostgresEntityHost>());
        services.TryAddSingleton<IDeadlineStore>(sp => sp.GetRequiredService<PostgresEntityHost>());
        services.TryAddSingleton<IReactionStore>(sp => sp.GetRequiredService<PostgresEntityHost>());
        services.TryAddSingleton<PostgresWebhookStore>();
        services.TryAddSingleton<IWebhookStore>(sp => sp.GetRequiredService<PostgresWebhookStore>());
        services.TryAddSingleton<IWebhookQueue>(sp => sp.GetRequiredService<PostgresWebhookStore>());
        services.TryAddSingleton<IStorageProbe>(sp => sp.GetRequiredService<PostgresEntityHost>());
        services.TryAddSingleton<IEventRetention, PostgresEventRetention>();
        // Migrations run first: hosted services start in registration order.
        services.AddHostedService<PostgresMigrationService>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
        AddBackground(services);
        return services;
    }

    /// <summary>What every host shares (options, clock, metrics, the catalog, the webhook client), without an engine: for Orleans silos.</summary>
    public static IServiceCollection AddPledgeHostBasics(this IServiceCollection services, Action<PledgeHostOptions>? configure = null)
    {
        AddCommon(services, configure);
        AddWebhookClient(services);
        return services;
    }

    /// <summary>Registers an entity kind in the <see cref="EntityCatalog"/>.</summary>
    public static IServiceCollection AddEntityKind(this IServiceCollection services, IEntityKind kind)
    {
        services.AddSingleton(kind);
        return services;
    }

    /// <summary>Adds the store readiness check (tag <c>ready</c>).</summary>
    public static IHealthChecksBuilder AddPledgeStorageCheck(this IHealthChecksBuilder builder, string name = "storage") =>
        builder.AddCheck<PledgeStorageHealthCheck>(name, HealthStatus.Unhealthy, ["ready"]);

    private static void AddCommon(IServiceCollection services, Action<PledgeHostOptions>? configure)
    {
        var options = services.AddOptions<PledgeHostOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PledgeHostOptions>, PledgeHostOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<HostingMetrics>();
        services.TryAddSingleton(sp => new EntityCatalog(sp.GetServices<IEntityKind>()));
    }

    private static void AddBackground(IServiceCollection services)
    {
        AddWebhookClient(services);
        services.TryAddSingleton<DeadlineScheduler>();
        services.TryAddSingleton<ReactionDispatcher>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<ReactionDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
    }

    /// <summary>The client webhook deliveries go through: SSRF rules on the address dialled, the delivery timeout.</summary>
    private static void AddWebhookClient(IServiceCollection services) =>
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PledgeHostOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookNetwork.Handler(sp.GetRequiredService<IOptions<PledgeHostOptions>>().Value.AllowPrivateWebhookTargets));
}
