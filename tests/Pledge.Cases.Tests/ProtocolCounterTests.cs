using Pledge.Cases.Protocols;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class ProtocolCounterTests
{
    private readonly ProtocolCounterDecider decider = ProtocolCounterDecider.Instance;
    private ProtocolCounterState state = ProtocolCounterState.Initial;

    private IReadOnlyList<ProtocolCounterEvent> Issue(string requestId, DateTimeOffset at, string prefix = "PLG")
    {
        var decision = decider.Decide(new IssueProtocolNumber(requestId, prefix), state, at);
        Assert.True(decision.IsAccepted, decision.Rejection?.Message);
        state = decision.Events.Aggregate(state, decider.Evolve);
        return decision.Events;
    }

    [Fact]
    public void Numbers_follow_one_another_in_a_readable_form()
    {
        Issue("r-1", Start);
        var second = Assert.IsType<ProtocolNumberIssued>(Assert.Single(Issue("r-2", Start.AddMinutes(1))));

        Assert.Equal(2, second.Number);
        Assert.Equal("PLG-2026-000002", second.Protocol);
        Assert.Equal("PLG-2026-000001", state.Find("r-1")!.Protocol);
    }

    [Fact]
    public void A_repeated_request_gets_its_first_number()
    {
        Issue("r-1", Start);

        Assert.Empty(Issue("r-1", Start.AddHours(1)));
        Assert.Equal(1, state.Last);
        Assert.Equal(1, state.Find("r-1")!.Number);
    }

    [Fact]
    public void Numbers_are_never_reused_across_years()
    {
        Issue("r-1", new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero));

        var next = Assert.IsType<ProtocolNumberIssued>(Assert.Single(Issue("r-2", new DateTimeOffset(2027, 1, 1, 0, 1, 0, TimeSpan.Zero), "ACME")));

        Assert.Equal("ACME-2027-000002", next.Protocol);
    }

    [Fact]
    public void The_counter_remembers_a_bounded_number_of_requests()
    {
        for (var i = 0; i < ProtocolCounterDecider.Remembered + 5; i++)
            state = decider.Evolve(state, new ProtocolNumberIssued(Start, $"r-{i}", i + 1, $"PLG-2026-{i + 1:D6}"));

        Assert.Equal(ProtocolCounterDecider.Remembered, state.Recent.Count);
        Assert.Null(state.Find("r-4"));
        Assert.Equal(6, state.Find("r-5")!.Number);
        Assert.Equal(ProtocolCounterDecider.Remembered + 5, state.Last);
    }

    [Theory]
    [InlineData("", "PLG", "requestId")]
    [InlineData("r-1", "plg", "prefix")]
    [InlineData("r-1", "PLG-X", "prefix")]
    public void Bad_input_names_the_field(string requestId, string prefix, string field) =>
        Assert.Equal(field, decider.Decide(new IssueProtocolNumber(requestId, prefix), state, Start).Rejection!.Field);

    [Fact]
    public void A_protocol_parses_back_into_its_parts()
    {
        Assert.True(ProtocolNumbers.TryParse("PLG-2026-000042", out var prefix, out var year, out var number));
        Assert.Equal(("PLG", 2026, 42L), (prefix, year, number));
        Assert.True(ProtocolNumbers.TryParse(ProtocolNumbers.Format("X1", Start, 12_345_678), out _, out _, out var big));
        Assert.Equal(12_345_678, big);
        Assert.False(ProtocolNumbers.TryParse("PLG-26-42", out _, out _, out _));
    }
}
