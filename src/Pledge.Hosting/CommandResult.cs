using Pledge.Domain.Kernel;

namespace Pledge.Hosting;

/// <summary>What a host did with one command.</summary>
/// <param name="Snapshot">The entity after the command (null only when it never existed and the command was refused).</param>
/// <param name="Events">The events this command appended (empty when refused, when nothing changed, or on a duplicate).</param>
/// <param name="Rejection">Why the command was refused; nothing was written then.</param>
/// <param name="Duplicate">True when the idempotency key had already been committed: nothing new was written.</param>
public sealed record CommandResult<TState, TEvent>(
    EntitySnapshot<TState>? Snapshot,
    IReadOnlyList<TEvent> Events,
    Rejection? Rejection,
    bool Duplicate)
    where TState : class;
