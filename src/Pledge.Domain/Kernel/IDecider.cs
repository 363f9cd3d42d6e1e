namespace Pledge.Domain.Kernel;

/// <summary>
/// The whole behaviour of one entity kind as pure functions: no I/O, no clock, no randomness.
/// A host feeds it commands one at a time per entity key and persists what it returns.
/// </summary>
/// <typeparam name="TCommand">What may be asked of the entity.</typeparam>
/// <typeparam name="TEvent">What has happened to the entity (the durable facts).</typeparam>
/// <typeparam name="TState">The entity's state, rebuilt by folding events over <see cref="Initial"/>.</typeparam>
public interface IDecider<TCommand, TEvent, TState>
    where TState : class
{
    /// <summary>The state of an entity that has never received an event.</summary>
    TState Initial { get; }

    /// <summary>Decides what happens when <paramref name="command"/> arrives at <paramref name="now"/>.</summary>
    Decision<TEvent> Decide(TCommand command, TState state, DateTimeOffset now);

    /// <summary>Applies one event to a state.</summary>
    TState Evolve(TState state, TEvent @event);

    /// <summary>
    /// The deadlines this state wants fired. A host stores them with the state and, when one falls due,
    /// sends <see cref="OnDeadline"/> of it — but only if the current state still wants that exact deadline.
    /// After the events of a fired deadline are applied, that deadline must no longer be listed.
    /// </summary>
    IEnumerable<Deadline> Deadlines(TState state);

    /// <summary>The command a due deadline becomes.</summary>
    TCommand OnDeadline(Deadline deadline);
}
