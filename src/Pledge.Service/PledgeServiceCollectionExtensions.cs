using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pledge.Hosting;
using Npgsql;
using Pledge.Hosting.Retention;
using Pledge.Hosting.Webhooks;
using Pledge.Service.Hosting;
using Pledge.Service.Conduct;
using Pledge.Service.Conversations;
using Pledge.Service.Policies;
using Pledge.Service.Tenancy;
using Pledge.Service.Webhooks;

namespace Pledge.Service;

/// <summary>Wires Pledge's application layer onto the entity host chosen by <c>Pledge:Storage</c>.</summary>
public static class PledgeServiceCollectionExtensions
{
    public static IServiceCollection AddPledgeService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PledgeHostOptions>().Bind(configuration.GetSection("Pledge:Host"));
        // One engine, two configurations: the entities are grains either way; only the index and Orleans' providers differ.
        services.AddPledgeHostBasics();
        if (PledgeStorage.IsEmbedded(configuration))
        {
            services.AddSingleton<IEntityIndex, InMemoryEntityIndex>();
        }
        else
        {
            var connectionString = PledgeDatabase.ConnectionString(configuration);
            services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.AddSingleton<IEntityIndex, PostgresEntityIndex>();
        }
        services.AddSingleton<IEntityHost, GrainEntityHost>();
        services.AddSingleton<IWebhookStore, GrainWebhookStore>();
        services.AddSingleton<IEventRetention, GrainEventRetention>();
        services.AddSingleton<IStorageProbe, ClusterProbe>();
        services.AddMemoryCache();
        services.AddSingleton<KeyDirectory>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService<RetentionSweeper>();
        services.AddSingleton<PolicyRegistry>();
        foreach (var family in PolicyFamilies.All)
            services.AddSingleton(family);
        services.AddSingleton<TenantScreening>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<Casework.CaseService>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<OwnerService>();
        services.AddSingleton<BookingDesk.BookingService>();
        services.AddSingleton<BookingDesk.CustomerService>();
        PledgeCatalog.Register(services);
        return services;
    }
}
