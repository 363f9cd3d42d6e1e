using Pledge.Domain.Kernel;
using Pledge.Testing;

namespace Pledge.Cases.Tests;

/// <summary>One case driven like a host drives it: commands at the fake clock's time, deadlines fired when due.</summary>
internal sealed class CaseRun(DateTimeOffset start)
{
    private readonly IDecider<CaseCommand, CaseEvent, CaseState> decider = CaseDecider.Instance;

    public CaseRun() : this(Samples.Start) { }

    public ManualClock Clock { get; } = new(start);

    public DateTimeOffset Now => Clock.GetUtcNow();

    public CaseState State { get; private set; } = CaseState.Initial;

    public List<CaseEvent> Events { get; } = [];

    public IReadOnlyList<Deadline> Deadlines => [.. decider.Deadlines(State)];

    public Decision<CaseEvent> Send(CaseCommand command)
    {
        var decision = decider.Decide(command, State, Now);
        if (decision.IsAccepted) Apply(decision.Events);
        return decision;
    }

    public IReadOnlyList<CaseEvent> Accept(CaseCommand command)
    {
        var decision = Send(command);
        Assert.True(decision.IsAccepted, $"Refused: {decision.Rejection}");
        return decision.Events;
    }

    public Rejection Refuse(CaseCommand command)
    {
        var before = State;
        var decision = Send(command);
        Assert.False(decision.IsAccepted, "The command was accepted.");
        Assert.Empty(decision.Events);
        Assert.Same(before, State);
        return decision.Rejection!;
    }

    /// <summary>Moves the clock to <paramref name="target"/>, firing every deadline the state still wants at its due time.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        while (decider.Deadlines(State).Where(d => d.DueAt <= target).MinBy(d => d.DueAt) is { } due)
        {
            if (due.DueAt > Now) Clock.AdvanceTo(due.DueAt);
            var decision = decider.Decide(decider.OnDeadline(due), State, Now);
            Assert.True(decision.IsAccepted);
            Apply(decision.Events);
            Assert.DoesNotContain(due, decider.Deadlines(State));
        }
        if (target > Now) Clock.AdvanceTo(target);
    }

    public void Advance(TimeSpan by) => AdvanceTo(Now + by);

    private void Apply(IEnumerable<CaseEvent> events)
    {
        foreach (var e in events)
        {
            Events.Add(e);
            State = decider.Evolve(State, e);
        }
    }
}
