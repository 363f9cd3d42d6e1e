using System.Collections.Immutable;
using Pledge.Domain.Conversations;
using Pledge.Domain.Owners;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Tests;

/// <summary>Rule 4: rate = answered within D ÷ decided; decided = answered, or open and older than D.</summary>
public sealed class ResponseRatesTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2), VerySlow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Micro = TimeSpan.FromMicroseconds(1);

    private static Wait W(int id, DateTimeOffset opened, TimeSpan? answeredAfter, string? excused = null, bool excluded = false) =>
        new(id, opened, opened + answeredAfter, [new WaitMessage($"m{id}", opened)], [], excused, excluded);

    [Fact]
    public void Answered_waits_are_decided_and_within_when_no_longer_than_the_tier()
    {
        Wait[] waits = [W(1, T0, Slow), W(2, T0, Slow + Micro), W(3, T0, VerySlow + Micro)];
        var counts = ResponseRates.Of(PolicyPresets.TalentChat, waits, T0.AddHours(1));

        Assert.Equal(3, counts.Decided[Slow]);
        Assert.Equal(1, counts.Within[Slow]);
        Assert.Equal(3, counts.Decided[VerySlow]);
        Assert.Equal(2, counts.Within[VerySlow]);
        Assert.Equal(1.0 / 3, counts.Rates()[Slow]);
        Assert.Equal(2.0 / 3, counts.Rates()[VerySlow]);
    }

    [Fact]
    public void Open_waits_are_pending_until_strictly_older_than_the_tier()
    {
        Wait[] waits = [W(1, T0, null)];
        var atLimit = ResponseRates.Of(PolicyPresets.TalentChat, waits, T0 + Slow);
        Assert.Equal(0, atLimit.Decided[Slow]);
        Assert.Null(atLimit.Rates()[Slow]);

        var after = ResponseRates.Of(PolicyPresets.TalentChat, waits, T0 + Slow + Micro);
        Assert.Equal((1, 0), (after.Decided[Slow], after.Within[Slow]));
        Assert.Equal(0, after.Decided[VerySlow]);
        Assert.Equal(0.0, after.Rates()[Slow]);
    }

    [Fact]
    public void Waits_answered_after_the_evaluation_time_count_as_open()
    {
        Wait[] waits = [W(1, T0, TimeSpan.FromMinutes(10))];
        var counts = ResponseRates.Of(PolicyPresets.TalentChat, waits, T0.AddMinutes(3));
        Assert.Equal((1, 0), (counts.Decided[Slow], counts.Decided[VerySlow]));
    }

    [Fact]
    public void Excused_and_excluded_waits_count_nowhere()
    {
        Wait[] waits = [W(1, T0, VerySlow + Micro, excused: "outage"), W(2, T0, VerySlow + Micro, excluded: true), W(3, T0, Micro)];
        var counts = ResponseRates.Of(PolicyPresets.TalentChat, waits, T0.AddHours(1));
        Assert.Equal((1, 1), (counts.Decided[Slow], counts.Within[Slow]));
    }

    [Fact]
    public void Counts_add_up_per_tier()
    {
        var a = ResponseRateCounts.For([Slow]).Add(Slow, within: true);
        var b = ResponseRateCounts.Empty.Add(Slow, within: false).Add(VerySlow, within: false);
        var sum = a.Plus(b);
        Assert.Equal(ImmutableSortedDictionary<TimeSpan, int>.Empty.Add(Slow, 2).Add(VerySlow, 1), sum.Decided);
        Assert.Equal(ImmutableSortedDictionary<TimeSpan, int>.Empty.Add(Slow, 1).Add(VerySlow, 0), sum.Within);
        Assert.Equal(0.5, sum.Rates()[Slow]);
    }
}
