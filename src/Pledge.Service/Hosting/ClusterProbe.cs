using Npgsql;
using Pledge.Abstractions;
using Pledge.Hosting;

namespace Pledge.Service.Hosting;

/// <summary>
/// Readiness on Orleans: a grain call round trip through the cluster (a client without a gateway, or a silo without
/// membership, fails it) and, durable, a round trip to the database every silo writes to.
/// </summary>
public sealed class ClusterProbe(IGrainFactory grains, NpgsqlDataSource? database = null) : IStorageProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (database is not null)
        {
            await using var ping = database.CreateCommand("SELECT 1");
            await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        await grains.GetGrain<ITenantGrain>(EntityKey.Of(new EntityId(Tenancy.TenantKind.SystemTenant, "_probe"))).GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
