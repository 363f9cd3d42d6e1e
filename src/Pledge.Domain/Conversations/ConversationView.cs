using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Pledge.Domain.Conversations;

/// <summary>
/// A conversation as the REST API and the replay tool show it:
/// <c>{"id","policy","owner","customer","waits":[…],"breaches":{"PT2M":n},"claimEligible","openWait"}</c>.
/// Dropped (excluded) waits are not shown; excused ones are, with their reason.
/// </summary>
public sealed record ConversationView(
    string Id,
    string? Policy,
    int? PolicyVersion,
    string? Owner,
    string? Customer,
    ImmutableArray<WaitView> Waits,
    ImmutableSortedDictionary<TimeSpan, int> Breaches,
    bool ClaimEligible,
    OpenWaitView? OpenWait)
{
    public static ConversationView Of(string id, ConversationState state)
    {
        var waits = state.Waits.Where(w => !w.Excluded).OrderBy(w => w.Opened).ThenBy(w => w.Id)
            .Select(w => new WaitView(w.Opened, w.Closed, (w.Closed - w.Opened)?.TotalSeconds, w.Excused))
            .ToImmutableArray();
        return new ConversationView(id, state.Policy?.Name, state.Policy?.Version, state.Owner, state.Customer, waits,
            state.Breaches(), state.ClaimEligible, OpenWaitOf(state));
    }

    private static OpenWaitView? OpenWaitOf(ConversationState state)
    {
        if (state.OpenWait() is not { } wait || state.Policy is not { } policy)
            return null;
        var deadlines = wait.Excused is not null
            ? []
            : policy.Tiers.Select(t => new DeadlineView(t, policy.BreachAt(t, wait.Opened), wait.Breached.Contains(t))).ToImmutableArray();
        return new OpenWaitView(wait.Opened, deadlines);
    }
}

/// <summary>One wait; <see cref="Seconds"/> is its length once closed (null while open).</summary>
public sealed record WaitView(
    DateTimeOffset Opened,
    DateTimeOffset? Closed,
    double? Seconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Excused);

/// <summary>The wait an answer would close, and when each tier is (or was) breached.</summary>
public sealed record OpenWaitView(DateTimeOffset Opened, ImmutableArray<DeadlineView> Deadlines);

/// <summary>A tier's breach instant for the open wait (answer before <see cref="At"/> to stay within it).</summary>
public sealed record DeadlineView(TimeSpan Tier, DateTimeOffset At, bool Breached);
