namespace Pledge.Domain.Kernel;

/// <summary>The outcome of <see cref="IDecider{TCommand,TEvent,TState}.Decide"/>: events to append, or a refusal.</summary>
public sealed class Decision<TEvent>
{
    private static readonly Decision<TEvent> NothingToDo = new([], null);

    private Decision(IReadOnlyList<TEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    /// <summary>Events to append; empty when the command was refused or changed nothing.</summary>
    public IReadOnlyList<TEvent> Events { get; }

    /// <summary>Why the command was refused, or null when it was accepted.</summary>
    public Rejection? Rejection { get; }

    public bool IsAccepted => Rejection is null;

    public static Decision<TEvent> Accept(params TEvent[] events) => events.Length == 0 ? NothingToDo : new(events, null);

    public static Decision<TEvent> Accept(IEnumerable<TEvent> events) => Accept(events.ToArray());

    public static Decision<TEvent> Reject(Rejection rejection) => new([], rejection);

    public static implicit operator Decision<TEvent>(Rejection rejection) => Reject(rejection);
}
