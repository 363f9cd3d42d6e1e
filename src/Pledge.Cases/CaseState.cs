namespace Pledge.Cases;

/// <summary>
/// A case as it stands: its type, status, the policy it runs under, the part of its type, and its audit trail.
/// </summary>
/// <param name="History">Every step, oldest first: who, when, what, and the status before and after.</param>
public sealed record CaseState(
    CaseType? Type,
    CaseStatus Status,
    CasePolicy? Policy,
    DateTimeOffset? OpenedAt,
    IReadOnlyList<CaseStep> History,
    DisputeDetails? Dispute = null,
    ClaimDetails? Claim = null,
    ComplaintDetails? Complaint = null,
    CancellationDetails? Cancellation = null,
    TicketDetails? Ticket = null)
{
    public static CaseState Initial { get; } = new(null, CaseStatus.None, null, null, []);
}
