using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Conversations;

/// <summary>
/// A conversation's state: its stamped policy, who is involved, and its waits. Message texts stay in the
/// events; the state keeps only message ids (for de-duplication and exclusion) and times.
/// </summary>
/// <param name="Policy">The policy record the conversation was opened with; null until opened.</param>
/// <param name="Waits">All waits by ascending id, including excluded ones (ids are never reused).</param>
/// <param name="Watermark">The latest message time or breach time; a later message may not be dated earlier.</param>
public sealed record ConversationState(
    ConversationPolicy? Policy,
    string? Owner,
    string? Customer,
    ImmutableArray<Wait> Waits,
    ImmutableHashSet<string> MessageIds,
    ImmutableHashSet<string> ExcludedMessageIds,
    DateTimeOffset? Watermark,
    bool ClaimEligible)
{
    public static ConversationState Initial { get; } =
        new(null, null, null, [], ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, null, false);

    [JsonIgnore]
    public bool IsOpen => Policy is not null;

    /// <summary>The wait an agent message would close, if any.</summary>
    public Wait? OpenWait() => OpenWaitIndex() is var i and >= 0 ? Waits[i] : null;

    /// <summary>The index in <see cref="Waits"/> of the open wait, or -1. Searched from the end, where it is.</summary>
    public int OpenWaitIndex()
    {
        for (var i = Waits.Length - 1; i >= 0; i--)
            if (Waits[i] is { Closed: null, Excluded: false })
                return i;
        return -1;
    }

    public int NextWaitId() => Waits.IsEmpty ? 1 : Waits[^1].Id + 1;

    /// <summary>Per tier of the policy, how many counting waits breached it (rule 2: each wait counts once per tally).</summary>
    public ImmutableSortedDictionary<TimeSpan, int> Breaches() =>
        (Policy?.Tiers ?? []).ToImmutableSortedDictionary(
            tier => tier,
            tier => Waits.Count(w => w.Counts && w.Breached.Contains(tier)));

    /// <summary>Whether any claim threshold of the policy is reached by the current tallies.</summary>
    public bool ReachesClaimThreshold()
    {
        // Asked after every tally change, so it counts in place rather than through Breaches().
        if (Policy is null)
            return false;
        foreach (var (tier, threshold) in Policy.ClaimThresholds)
        {
            var count = 0;
            foreach (var wait in Waits)
                if (wait.Counts && wait.Breached.Contains(tier) && ++count >= threshold)
                    return true;
        }
        return false;
    }
}

/// <summary>
/// A stretch during which the customer waits for an answer: opened by a customer message, joined by the
/// customer messages that follow, closed by the next agent message.
/// </summary>
/// <param name="Messages">The customer messages that opened and joined the wait.</param>
/// <param name="Breached">Tiers whose deadline passed while the wait was open.</param>
/// <param name="Excused">Why the platform excused the wait; an excused wait counts in no tally.</param>
/// <param name="Excluded">Dropped because its messages were excluded; counts nowhere.</param>
public sealed record Wait(
    int Id,
    DateTimeOffset Opened,
    DateTimeOffset? Closed,
    ImmutableArray<WaitMessage> Messages,
    ImmutableArray<TimeSpan> Breached,
    string? Excused,
    bool Excluded)
{
    [JsonIgnore]
    public bool Counts => Excused is null && !Excluded;
}

/// <summary>A customer message in a wait: its id and time.</summary>
public sealed record WaitMessage(string Id, DateTimeOffset At);
