using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pledge.Hosting;
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
        if (!PledgeStorage.IsEmbedded(configuration))
        {
            var connectionString = configuration.GetConnectionString("Pledge")
                ?? configuration["Pledge:Postgres:ConnectionString"]
                ?? throw new InvalidOperationException("Pledge:Storage=postgres needs ConnectionStrings:Pledge (env ConnectionStrings__Pledge).");
            services.AddPledgePostgresHost(connectionString);
        }
        else
        {
            // The embedded default: the entities are grains of the silo this process hosts (memory storage and reminders).
            services.AddPledgeHostBasics();
            services.AddSingleton<IEntityIndex, InMemoryEntityIndex>();
            services.AddSingleton<IEntityHost, GrainEntityHost>();
            services.AddSingleton<IWebhookStore, GrainWebhookStore>();
            services.AddSingleton<IEventRetention, GrainEventRetention>();
            services.AddSingleton<IStorageProbe, ClusterProbe>();
        }
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
