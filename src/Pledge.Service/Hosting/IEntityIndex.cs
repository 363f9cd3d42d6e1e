using Pledge.Abstractions;

namespace Pledge.Service.Hosting;

/// <summary>
/// The projection behind lists (cases by status, a tenant's policies, every tenant): one line per entity with its
/// status, written by the entity's grain before it acknowledges a command that created it or changed its status.
/// Lists page through it instead of activating or scanning grains.
/// </summary>
public interface IEntityIndex
{
    /// <summary>Records the entity's current status; writing the same line again is harmless.</summary>
    Task UpsertAsync(EntityIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Keys of a tenant's entities of a kind after <paramref name="afterKey"/> in ordinal order, optionally only those with <paramref name="status"/>.</summary>
    Task<IReadOnlyList<string>> PageAsync(string tenant, string kind, string? status, string? afterKey, int limit, CancellationToken cancellationToken = default);
}
