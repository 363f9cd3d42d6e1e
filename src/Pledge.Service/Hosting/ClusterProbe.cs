using Pledge.Abstractions;
using Pledge.Hosting;

namespace Pledge.Service.Hosting;

/// <summary>Readiness on Orleans: a grain call round trip through the cluster (and, durable, its storage).</summary>
public sealed class ClusterProbe(IGrainFactory grains) : IStorageProbe
{
    public Task ProbeAsync(CancellationToken cancellationToken) =>
        grains.GetGrain<ITenantGrain>(EntityKey.Of(new EntityId(Tenancy.TenantKind.SystemTenant, "_probe"))).GetAsync().WaitAsync(cancellationToken);
}
