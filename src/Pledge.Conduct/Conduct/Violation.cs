using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Conduct.Screening;
using Pledge.Domain.Json;

namespace Pledge.Conduct.Conduct;

/// <summary>One violation on an owner's (or customer's) record.</summary>
/// <param name="Id">Screening: <c>{messageId}:{category}</c>; reviewer decisions: the id the reviewer's system gave.</param>
/// <param name="Reference">The message, claim or ticket id the violation comes from.</param>
/// <param name="OccurredAt">When the offending message or decision happened.</param>
/// <param name="CountedAt">When its points started to count (confirmation); null while pending or if never counted.</param>
public sealed record Violation(
    string Id,
    string Category,
    ViolationStatus Status,
    ViolationSource Source,
    string Reference,
    string? ConversationId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? CountedAt,
    ImmutableArray<Finding> Findings,
    string? DecidedBy = null,
    string? Note = null);

[JsonConverter(typeof(SnakeCaseEnumConverter<ViolationStatus>))]
public enum ViolationStatus
{
    /// <summary>Waiting for a reviewer.</summary>
    Pending,
    /// <summary>Counting points.</summary>
    Confirmed,
    /// <summary>A reviewer found no violation.</summary>
    Dismissed,
    /// <summary>An appeal was upheld: its points vanished.</summary>
    Overturned,
    /// <summary>Its points ran out of time; it stays on record.</summary>
    Expired,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<ViolationSource>))]
public enum ViolationSource
{
    Screening,
    Claim,
    Ticket,
}

/// <summary>A sanction imposed when points crossed a tier; <see cref="EndedAt"/> is set when it ended.</summary>
/// <param name="Id"><c>{violationId}:{tier}</c>: the violation that crossed the tier, and the tier (1-based).</param>
public sealed record Sanction(
    string Id,
    int Tier,
    SanctionKind Kind,
    string TriggeredBy,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? EndedAt = null,
    string? EndReason = null)
{
    public bool IsActiveAt(DateTimeOffset now) => EndedAt is null && StartsAt <= now && now < EndsAt;
}
