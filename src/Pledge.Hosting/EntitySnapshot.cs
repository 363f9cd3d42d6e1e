using Pledge.Domain.Kernel;

namespace Pledge.Hosting;

/// <summary>An entity's state as last committed.</summary>
/// <param name="Version">How many events the entity has; 1 after its first event.</param>
/// <param name="Deadlines">The deadlines stored with this state (what the decider asked for).</param>
public sealed record EntitySnapshot<TState>(
    EntityId Id,
    TState State,
    long Version,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Deadline> Deadlines);
