using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pledge.Hosting;

/// <summary>Readiness: the host's store answers (the cluster answers a grain call; durable, the database answers too).</summary>
public sealed class PledgeStorageHealthCheck(IStorageProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await probe.ProbeAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The entity store did not answer.", e);
        }
    }
}

/// <summary>Checks that a host's store answers.</summary>
public interface IStorageProbe
{
    Task ProbeAsync(CancellationToken cancellationToken);
}
