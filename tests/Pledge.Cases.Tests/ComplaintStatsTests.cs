using Pledge.Cases.Statistics;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class ComplaintStatsTests
{
    private readonly ComplaintStatsDecider decider = ComplaintStatsDecider.Instance;
    private ComplaintStatsState state = ComplaintStatsState.Initial;

    private int Record(string caseId, DateTimeOffset closedAt, ComplaintResolution resolution)
    {
        var decision = decider.Decide(new RecordComplaintClosure(caseId, $"P-{caseId}", closedAt, resolution), state, closedAt);
        Assert.True(decision.IsAccepted);
        state = decision.Events.Aggregate(state, decider.Evolve);
        return decision.Events.Count;
    }

    [Fact]
    public void The_index_is_resolved_over_closed_in_the_period_with_the_counts()
    {
        Record("c1", Start, ComplaintResolution.Resolved);
        Record("c2", Start.AddDays(1), ComplaintResolution.NotResolved);
        Record("c3", Start.AddDays(2), ComplaintResolution.Resolved);
        Record("c4", Start.AddDays(3), ComplaintResolution.Resolved);
        Record("c5", Start.AddDays(40), ComplaintResolution.NotResolved);

        var index = state.ResolutionIndex(Start, Start.AddDays(3));

        Assert.Equal((3, 2, 1), (index.Closed, index.Resolved, index.NotResolved));
        Assert.Equal(2.0 / 3, index.Index!.Value, 12);
    }

    [Fact]
    public void A_closure_delivered_twice_counts_once()
    {
        Assert.Equal(1, Record("c1", Start, ComplaintResolution.Resolved));
        Assert.Equal(0, Record("c1", Start, ComplaintResolution.Resolved));

        Assert.Equal(1, state.ResolutionIndex(Start, Start.AddDays(1)).Closed);
    }

    [Fact]
    public void A_period_without_closures_has_no_index()
    {
        Record("c1", Start, ComplaintResolution.Resolved);

        var index = state.ResolutionIndex(Start.AddDays(1), Start.AddDays(2));

        Assert.Equal(0, index.Closed);
        Assert.Null(index.Index);
    }

    [Fact]
    public void Bad_input_names_the_field() =>
        Assert.Equal("caseId", decider.Decide(new RecordComplaintClosure("", "P", Start, ComplaintResolution.Resolved), state, Start).Rejection!.Field);
}
