using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Pledge.Hosting;

namespace Pledge.Api;

/// <summary><c>/health/live</c>: the process runs. <c>/health/ready</c>: it can serve, storage included.</summary>
internal static class Health
{
    public static IServiceCollection AddPledgeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddPledgeStorageCheck();
        return services;
    }

    public static void MapPledgeHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}
