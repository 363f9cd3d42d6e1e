using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Tests;

/// <summary>
/// A minimal host for one entity: applies accepted events, fires due deadlines in order, and checks on every step
/// the kernel contracts (unique deadline names; a fired deadline disappears; state and events round-trip JSON).
/// </summary>
internal sealed class Entity<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind)
    where TState : class
{
    private readonly IDecider<TCommand, TEvent, TState> decider = kind.Decider;

    public int EventsOfLastSend { get; private set; }

    public TState State { get; private set; } = kind.Decider.Initial;

    public List<TEvent> Log { get; } = [];

    public IReadOnlyList<Deadline> Deadlines => [.. decider.Deadlines(State)];

    public Decision<TEvent> Send(TCommand command, DateTimeOffset now)
    {
        var before = Serialize(State, kind.StateJson);
        var commandJson = JsonSerializer.Serialize(command, kind.CommandJson);
        Assert.Equal(commandJson, JsonSerializer.Serialize(JsonSerializer.Deserialize(commandJson, kind.CommandJson)!, kind.CommandJson));

        var decision = decider.Decide(command, State, now);
        EventsOfLastSend = decision.Events.Count;
        if (!decision.IsAccepted)
        {
            Assert.Empty(decision.Events);
            Assert.Equal(before, Serialize(State, kind.StateJson));
            return decision;
        }

        foreach (var @event in decision.Events)
        {
            var json = JsonSerializer.Serialize(@event, kind.EventJson);
            var back = JsonSerializer.Deserialize(json, kind.EventJson)!;
            Assert.Equal(json, JsonSerializer.Serialize(back, kind.EventJson));
            State = decider.Evolve(State, back);
            Log.Add(back);
        }

        var stateJson = Serialize(State, kind.StateJson);
        State = JsonSerializer.Deserialize(stateJson, kind.StateJson)!;
        Assert.Equal(stateJson, Serialize(State, kind.StateJson));
        var names = Deadlines.Select(d => d.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        return decision;
    }

    public TState Accept(TCommand command, DateTimeOffset now)
    {
        var decision = Send(command, now);
        Assert.True(decision.IsAccepted, decision.Rejection?.Message);
        return State;
    }

    public Rejection Refuse(TCommand command, DateTimeOffset now)
    {
        var decision = Send(command, now);
        Assert.False(decision.IsAccepted, "expected a rejection");
        return decision.Rejection!;
    }

    /// <summary>The earliest deadline due at or before <paramref name="until"/>, if any.</summary>
    public Deadline? NextDue(DateTimeOffset until) =>
        Deadlines.Where(d => d.DueAt <= until).OrderBy(d => d.DueAt).FirstOrDefault();

    /// <summary>Fires one deadline at its due time; returns the events it produced.</summary>
    public IReadOnlyList<TEvent> Fire(Deadline due)
    {
        Accept(decider.OnDeadline(due), due.DueAt);
        var events = Log.GetRange(Log.Count - EventsOfLastSend, EventsOfLastSend);
        Assert.DoesNotContain(due, Deadlines);
        return events;
    }

    /// <summary>Fires every deadline due at or before <paramref name="until"/>, each at its own due time; returns their events.</summary>
    public List<TEvent> RunUntil(DateTimeOffset until)
    {
        var fired = new List<TEvent>();
        while (NextDue(until) is { } due)
            fired.AddRange(Fire(due));

        return fired;
    }

    private static string Serialize<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info);
}
