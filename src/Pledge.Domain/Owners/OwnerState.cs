using System.Collections.Immutable;

namespace Pledge.Domain.Owners;

/// <summary>The waits inside an owner's rolling window, by wait key; nothing older is kept.</summary>
public sealed record OwnerState(ImmutableSortedDictionary<string, OwnerWait> Waits)
{
    public static OwnerState Initial { get; } = new(ImmutableSortedDictionary.Create<string, OwnerWait>(StringComparer.Ordinal));

    /// <summary>Decided and within counts over the waits that still count.</summary>
    public ResponseRateCounts Counts() =>
        Waits.Values.Where(w => !w.Withdrawn)
            .SelectMany(w => w.Outcomes)
            .Aggregate(ResponseRateCounts.Empty, (counts, outcome) => counts.Add(outcome.Key, outcome.Value));
}

/// <summary>One wait in an owner's window: per tier, whether it was answered within it (decided tiers only).</summary>
public sealed record OwnerWait(DateTimeOffset? Opened, DateTimeOffset ExpiresAt, ImmutableSortedDictionary<TimeSpan, bool> Outcomes, bool Withdrawn);
