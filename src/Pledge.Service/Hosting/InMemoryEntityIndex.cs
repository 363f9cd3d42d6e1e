using Pledge.Abstractions;

namespace Pledge.Service.Hosting;

/// <summary>The embedded default's index: this process's memory, shared by the silo and the API it hosts.</summary>
public sealed class InMemoryEntityIndex : IEntityIndex
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Tenant, string Kind), SortedDictionary<string, string?>> lines = [];

    public Task UpsertAsync(EntityIndexEntry entry, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (!lines.TryGetValue((entry.Tenant, entry.Kind), out var keys))
                lines[(entry.Tenant, entry.Kind)] = keys = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            keys[entry.Key] = entry.Status;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> PageAsync(string tenant, string kind, string? status, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (gate)
        {
            if (!lines.TryGetValue((tenant, kind), out var keys))
                return Task.FromResult<IReadOnlyList<string>>([]);
            return Task.FromResult<IReadOnlyList<string>>(keys
                .Where(k => (afterKey is null || string.CompareOrdinal(k.Key, afterKey) > 0) && (status is null || k.Value == status))
                .Take(limit)
                .Select(k => k.Key)
                .ToArray());
        }
    }
}
