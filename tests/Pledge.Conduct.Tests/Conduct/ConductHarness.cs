using Pledge.Conduct.Conduct;
using Pledge.Domain.Kernel;

namespace Pledge.Conduct.Tests.Conduct;

/// <summary>Runs the conduct decider the way a host does: one command at a time, due deadlines fired in order at their due time.</summary>
internal sealed class ConductHarness(ConductDecider decider)
{
    public ConductState State { get; private set; } = decider.Initial;

    public List<ConductEvent> Log { get; } = [];

    public DateTimeOffset Now { get; private set; } = ConductTimes.T0;

    public Decision<ConductEvent> Send(ConductCommand command, DateTimeOffset at)
    {
        AdvanceTo(at);
        return Apply(command, at);
    }

    public void AdvanceTo(DateTimeOffset at)
    {
        while (decider.Deadlines(State).Where(d => d.DueAt <= at).OrderBy(d => d.DueAt).FirstOrDefault() is { } due)
        {
            Apply(decider.OnDeadline(due), due.DueAt);
            Assert.DoesNotContain(due, decider.Deadlines(State));
        }
        Now = at;
    }

    private Decision<ConductEvent> Apply(ConductCommand command, DateTimeOffset at)
    {
        var decision = decider.Decide(command, State, at);
        foreach (var e in decision.Events) State = decider.Evolve(State, e);
        Log.AddRange(decision.Events);
        return decision;
    }

    public ConductView View(DateTimeOffset at) => ConductView.Of(State, at);
}

internal static class ConductTimes
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);
}
