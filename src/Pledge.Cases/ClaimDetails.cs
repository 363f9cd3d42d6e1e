namespace Pledge.Cases;

/// <summary>The money-back-claim part of a case's state.</summary>
/// <param name="OwnerId">The talent (or team) the conversation belongs to.</param>
/// <param name="Breaches">The conversation's breach record, when a response-time category is claimed.</param>
/// <param name="AmountPaid">What the customer paid; an automatic approval refunds it (null: the full price as the platform bills it).</param>
/// <param name="Refund">The approved refund (null with an approval: the full price).</param>
public sealed record ClaimDetails(
    string ConversationId,
    string OwnerId,
    string CustomerId,
    IReadOnlyList<ClaimCategory> Categories,
    IReadOnlyList<string> MessageIds,
    DateTimeOffset ConversationEndedAt,
    string? Description,
    ConversationBreaches? Breaches,
    IReadOnlyList<ScreeningFinding> Findings,
    Money? AmountPaid,
    ClaimQueue? Queue = null,
    Money? Refund = null,
    string? Reason = null,
    bool Automatic = false);
