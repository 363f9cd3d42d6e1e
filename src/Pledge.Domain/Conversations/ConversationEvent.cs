using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Conversations;

/// <summary>
/// What has happened to a conversation. Events that decide a wait's outcome carry the owner and the policy's
/// response-rate window, so that the owner's metrics follow from the event alone.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Opened), "opened")]
[JsonDerivedType(typeof(Reassigned), "reassigned")]
[JsonDerivedType(typeof(MessageReceived), "message_received")]
[JsonDerivedType(typeof(WaitOpened), "wait_opened")]
[JsonDerivedType(typeof(WaitBreached), "wait_breached")]
[JsonDerivedType(typeof(WaitClosed), "wait_closed")]
[JsonDerivedType(typeof(WaitExcused), "wait_excused")]
[JsonDerivedType(typeof(MessagesExcluded), "messages_excluded")]
[JsonDerivedType(typeof(ClaimEligibilityReached), "claim_eligibility_reached")]
[JsonDerivedType(typeof(ClaimEligibilityLost), "claim_eligibility_lost")]
public abstract record ConversationEvent
{
    public sealed record Opened(ConversationPolicy Policy, string? Owner, string? Customer) : ConversationEvent;

    public sealed record Reassigned(string? Owner, string? Customer) : ConversationEvent;

    public sealed record MessageReceived(
        string MessageId,
        Party From,
        string Author,
        string? Text,
        DateTimeOffset At,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MessageFinding>? Findings = null) : ConversationEvent;

    public sealed record WaitOpened(int WaitId, string MessageId, DateTimeOffset At) : ConversationEvent;

    /// <summary>The wait became strictly longer than <paramref name="Tier"/>; <paramref name="At"/> is the deadline, not when it was noticed.</summary>
    public sealed record WaitBreached(int WaitId, TimeSpan Tier, DateTimeOffset At, DateTimeOffset OpenedAt, string? Owner, TimeSpan RateWindow) : ConversationEvent;

    /// <summary>An agent answered; <paramref name="Within"/> lists the tiers the answer met (empty for a wait that counts in no tally).</summary>
    public sealed record WaitClosed(int WaitId, DateTimeOffset OpenedAt, DateTimeOffset At, ImmutableArray<TimeSpan> Within, string? Owner, TimeSpan RateWindow) : ConversationEvent;

    public sealed record WaitExcused(int WaitId, string Reason, DateTimeOffset At, string? Owner, TimeSpan RateWindow) : ConversationEvent;

    /// <summary>
    /// Messages were excluded. Each wait holding one of them is dropped; a dropped wait that still holds other
    /// customer messages is replaced by a new wait opened at the first of those (same close time), whose
    /// outcomes, when already known, are listed in <paramref name="Outcomes"/>.
    /// </summary>
    public sealed record MessagesExcluded(
        ImmutableArray<string> MessageIds,
        DateTimeOffset At,
        ImmutableArray<int> Dropped,
        ImmutableArray<Wait> Replacements,
        ImmutableArray<WaitOutcome> Outcomes,
        string? Owner,
        TimeSpan RateWindow) : ConversationEvent;

    public sealed record ClaimEligibilityReached(DateTimeOffset At, ImmutableSortedDictionary<TimeSpan, int> Breaches) : ConversationEvent;

    /// <summary>Excuses or exclusions brought the tallies back under every claim threshold.</summary>
    public sealed record ClaimEligibilityLost(DateTimeOffset At, ImmutableSortedDictionary<TimeSpan, int> Breaches) : ConversationEvent;
}

/// <summary>Whether a wait was answered within a tier (false: the tier was breached).</summary>
public sealed record WaitOutcome(int WaitId, DateTimeOffset Opened, TimeSpan Tier, bool Within);
