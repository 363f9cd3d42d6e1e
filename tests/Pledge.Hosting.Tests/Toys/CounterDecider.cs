using Pledge.Domain.Kernel;

namespace Pledge.Hosting.Tests.Toys;

/// <summary>A toy entity for host tests: a running total with named alarms (deadlines) and forwarding (reactions).</summary>
public sealed class CounterDecider : IDecider<CounterCommand, CounterEvent, CounterState>
{
    public CounterState Initial => CounterState.Zero;

    public Decision<CounterEvent> Decide(CounterCommand command, CounterState state, DateTimeOffset now) => command switch
    {
        Add { Amount: <= 0 } => Rejection.Invalid("amount", "'amount' must be positive."),
        Add a => Decision<CounterEvent>.Accept(new Added(a.Amount)),
        Arm a => Decision<CounterEvent>.Accept(new Armed(a.Name, a.DueAt)),
        Disarm d when state.Alarms.Any(x => x.Name == d.Name) => Decision<CounterEvent>.Accept(new Disarmed(d.Name)),
        Disarm => Decision<CounterEvent>.Accept(),
        Tick t when state.Alarms.Contains(new Alarm(t.Name, t.DueAt)) => Decision<CounterEvent>.Accept(new Ticked(t.Name, t.DueAt)),
        Tick => Decision<CounterEvent>.Accept(),
        Refuse => Rejection.Conflict("refused", "This command is always refused."),
        Nothing => Decision<CounterEvent>.Accept(),
        Forward f => Decision<CounterEvent>.Accept(new Forwarded(f.TargetKey, f.Amount)),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public CounterState Evolve(CounterState state, CounterEvent @event) => @event switch
    {
        Added a => state with { Total = state.Total + a.Amount },
        Armed a => state with { Alarms = state.Alarms.RemoveAll(x => x.Name == a.Name).Add(new Alarm(a.Name, a.DueAt)) },
        Disarmed d => state with { Alarms = state.Alarms.RemoveAll(x => x.Name == d.Name) },
        Ticked t => state with { Ticks = state.Ticks + 1, Alarms = state.Alarms.Remove(new Alarm(t.Name, t.DueAt)) },
        Forwarded => state,
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(CounterState state) => state.Alarms.Select(a => new Deadline(a.Name, a.DueAt));

    public CounterCommand OnDeadline(Deadline deadline) => new Tick(deadline.Name, deadline.DueAt);
}
