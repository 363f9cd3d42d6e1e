using System.Collections.Immutable;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Owners;

/// <summary>
/// Rule 4: the response rate over a tier D is the waits answered within D divided by the decided waits;
/// a wait is decided once answered, or while open once it is strictly older than D. Younger open waits are
/// pending; excused and dropped (excluded) waits count nowhere.
/// </summary>
public static class ResponseRates
{
    /// <summary>The counts of one conversation's waits under <paramref name="policy"/>, evaluated at <paramref name="at"/>.</summary>
    public static ResponseRateCounts Of(ConversationPolicy policy, IEnumerable<Wait> waits, DateTimeOffset at)
    {
        var counts = ResponseRateCounts.For(policy.Tiers);
        foreach (var wait in waits.Where(w => w.Counts && w.Opened <= at))
        {
            var closed = wait.Closed <= at ? wait.Closed : null;
            foreach (var tier in policy.Tiers)
            {
                var breachAt = policy.BreachAt(tier, wait.Opened);
                if (closed is { } answered)
                    counts = counts.Add(tier, within: answered < breachAt);
                else if (at >= breachAt)
                    counts = counts.Add(tier, within: false);
            }
        }
        return counts;
    }
}

/// <summary>Decided and within-tier counts per tier (ISO-8601 duration keys in JSON).</summary>
public sealed record ResponseRateCounts(ImmutableSortedDictionary<TimeSpan, int> Decided, ImmutableSortedDictionary<TimeSpan, int> Within)
{
    public static ResponseRateCounts Empty { get; } = new(ImmutableSortedDictionary<TimeSpan, int>.Empty, ImmutableSortedDictionary<TimeSpan, int>.Empty);

    /// <summary>Zero counts for each of <paramref name="tiers"/>, so that every tier shows up.</summary>
    public static ResponseRateCounts For(IEnumerable<TimeSpan> tiers) => tiers.Aggregate(Empty, (c, t) => c.Include(t));

    /// <summary>One more decided wait for <paramref name="tier"/>.</summary>
    public ResponseRateCounts Add(TimeSpan tier, bool within)
    {
        var c = Include(tier);
        return new(c.Decided.SetItem(tier, c.Decided[tier] + 1), within ? c.Within.SetItem(tier, c.Within[tier] + 1) : c.Within);
    }

    public ResponseRateCounts Plus(ResponseRateCounts other)
    {
        var result = this;
        foreach (var (tier, decided) in other.Decided)
        {
            var c = result.Include(tier);
            result = new(c.Decided.SetItem(tier, c.Decided[tier] + decided),
                c.Within.SetItem(tier, c.Within[tier] + other.Within.GetValueOrDefault(tier)));
        }
        return result;
    }

    /// <summary>Within ÷ decided per tier; null when no wait is decided yet.</summary>
    public ImmutableSortedDictionary<TimeSpan, double?> Rates() =>
        Decided.ToImmutableSortedDictionary(d => d.Key, d => d.Value == 0 ? (double?)null : (double)Within.GetValueOrDefault(d.Key) / d.Value);

    private ResponseRateCounts Include(TimeSpan tier) => Decided.ContainsKey(tier)
        ? this
        : new(Decided.Add(tier, 0), Within.SetItem(tier, Within.GetValueOrDefault(tier)));
}
