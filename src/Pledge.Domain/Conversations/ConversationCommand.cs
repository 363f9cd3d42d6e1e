using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Conversations;

/// <summary>What may be asked of a conversation.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Open), "open")]
[JsonDerivedType(typeof(ReceiveMessage), "receive_message")]
[JsonDerivedType(typeof(ExcuseWait), "excuse_wait")]
[JsonDerivedType(typeof(ExcludeMessages), "exclude_messages")]
[JsonDerivedType(typeof(DeadlineReached), "deadline_reached")]
public abstract record ConversationCommand
{
    /// <summary>
    /// Opens the conversation under <paramref name="Policy"/> (resolved by the caller; the conversation keeps
    /// this record as its stamp), or — when already open — reassigns it. A null owner or customer leaves the
    /// current one in place.
    /// </summary>
    public sealed record Open(ConversationPolicy Policy, string? Owner, string? Customer) : ConversationCommand;

    /// <summary>A message; <paramref name="At"/> defaults to the time of receipt. A repeated id changes nothing.</summary>
    /// <param name="Findings">The screening of <paramref name="Text"/> on receipt (null: not screened).</param>
    public sealed record ReceiveMessage(string MessageId, Party From, string Author, string? Text, DateTimeOffset? At, IReadOnlyList<MessageFinding>? Findings = null) : ConversationCommand;

    /// <summary>Excuses a wait — the open one, or <paramref name="WaitId"/> — so that it counts in no tally.</summary>
    public sealed record ExcuseWait(string Reason, int? WaitId = null) : ConversationCommand;

    /// <summary>Customer messages the platform verified as abusive; they neither open nor join waits.</summary>
    public sealed record ExcludeMessages(ImmutableArray<string> MessageIds) : ConversationCommand;

    /// <summary>A deadline the conversation asked for has come.</summary>
    public sealed record DeadlineReached(string Name, DateTimeOffset DueAt) : ConversationCommand;
}
