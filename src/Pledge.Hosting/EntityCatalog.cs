using System.Collections.Concurrent;
using Pledge.Domain.Kernel;

namespace Pledge.Hosting;

/// <summary>
/// The entity kinds a host knows by name. Hosts resolve reaction targets and stored deadlines through it,
/// so every kind that can be the target of a reaction or own a deadline must be registered.
/// </summary>
public sealed class EntityCatalog
{
    private readonly ConcurrentDictionary<string, IEntityKind> kinds = new(StringComparer.Ordinal);

    public EntityCatalog() { }

    public EntityCatalog(IEnumerable<IEntityKind> kinds)
    {
        foreach (var kind in kinds) Add(kind);
    }

    /// <summary>Registers <paramref name="kind"/>; registering the same instance twice is harmless, another kind under a taken name is an error.</summary>
    public EntityCatalog Add(IEntityKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var stored = kinds.GetOrAdd(kind.Name, kind);
        if (!ReferenceEquals(stored, kind))
            throw new InvalidOperationException($"Another entity kind is already registered as '{kind.Name}'.");
        return this;
    }

    /// <summary>The kind registered as <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No kind has that name.</exception>
    public IEntityKind Get(string name) =>
        kinds.TryGetValue(name, out var kind)
            ? kind
            : throw new KeyNotFoundException($"No entity kind '{name}' is registered in the EntityCatalog.");

    /// <summary>Registers a kind a host is asked to run when none of that name is known yet (so its deadlines can fire later).</summary>
    internal void Ensure(IEntityKind kind) => kinds.TryAdd(kind.Name, kind);

    public bool TryGet(string name, out IEntityKind kind) => kinds.TryGetValue(name, out kind!);

    public IReadOnlyCollection<IEntityKind> Kinds => kinds.Values.ToArray();
}
