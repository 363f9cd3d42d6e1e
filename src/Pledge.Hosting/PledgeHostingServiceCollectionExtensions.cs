using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Webhooks;

namespace Pledge.Hosting;

/// <summary>Registers what every node shares: options, clock, metrics, the entity catalog, the webhook client and the storage check.</summary>
public static class PledgeHostingServiceCollectionExtensions
{
    public static IServiceCollection AddPledgeHostBasics(this IServiceCollection services, Action<PledgeHostOptions>? configure = null)
    {
        var options = services.AddOptions<PledgeHostOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PledgeHostOptions>, PledgeHostOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<HostingMetrics>();
        services.TryAddSingleton(sp => new EntityCatalog(sp.GetServices<IEntityKind>()));
        // Deliveries go through one named client: SSRF rules on the address dialled, the delivery timeout.
        services.AddHttpClient(WebhookPolicy.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PledgeHostOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookNetwork.Handler(sp.GetRequiredService<IOptions<PledgeHostOptions>>().Value.AllowPrivateWebhookTargets));
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
}
