using Pledge.Domain.Kernel;

namespace Pledge.Hosting;

/// <summary>
/// Owns entity state and deadlines. The grain-shaped seam: an entity is addressed by kind and
/// <see cref="EntityId"/>, receives one command at a time, and never knows which host runs it.
/// </summary>
/// <remarks>
/// For each accepted command a host commits, as one unit: the new state, the events (append-only),
/// the deadlines the decider now wants, the outbox rows (events for webhooks, reactions for other
/// entities) and the idempotency key. A refused command writes nothing. Decisions get the host's clock.
/// </remarks>
public interface IEntityHost
{
    /// <summary>
    /// Runs <paramref name="command"/> against the entity. When <paramref name="idempotencyKey"/> was already
    /// committed for this entity the command is not run again: the current snapshot comes back with
    /// <see cref="CommandResult{TState,TEvent}.Duplicate"/> set.
    /// </summary>
    Task<CommandResult<TState, TEvent>> SendAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind,
        EntityId id,
        TCommand command,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
        where TState : class;

    /// <summary>The entity's committed state, or null when it has no events.</summary>
    Task<EntitySnapshot<TState>?> GetAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind,
        EntityId id,
        CancellationToken cancellationToken = default)
        where TState : class;

    /// <summary>The entity's event log (its audit trail), oldest first.</summary>
    Task<IReadOnlyList<StoredEvent>> GetHistoryAsync(
        string kind,
        EntityId id,
        long afterSequence = 0,
        int limit = 1000,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a tenant's entities of a kind, ordered by key, optionally only those whose
    /// <see cref="EntityKind{TCommand,TEvent,TState}.Status"/> equals <paramref name="status"/>.
    /// </summary>
    Task<IReadOnlyList<EntitySnapshot<TState>>> ListAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind,
        string tenant,
        string? status,
        string? afterKey,
        int limit,
        CancellationToken cancellationToken = default)
        where TState : class;
}
