namespace Pledge.Cases;

/// <summary>The complaint part of a case's state.</summary>
/// <param name="Protocol">The protocol number the customer keeps, e.g. <c>PLG-2026-000042</c>.</param>
/// <param name="AnswerBy">The last on-time instant for the answer (7 business days in the tenant's calendar by default).</param>
/// <param name="Breached">The answer deadline passed unanswered: a breach was recorded at the deadline.</param>
public sealed record ComplaintDetails(
    string Protocol,
    string CompanyId,
    string CustomerId,
    ContactChannel Channel,
    string Subject,
    string Description,
    DateTimeOffset AnswerBy,
    bool Breached = false,
    string? Answer = null,
    DateTimeOffset? AnsweredAt = null,
    ComplaintResolution? Resolution = null,
    DateTimeOffset? ClosedAt = null);
