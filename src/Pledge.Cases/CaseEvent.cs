using System.Text.Json.Serialization;

namespace Pledge.Cases;

/// <summary>
/// Something that happened to a case, when and by whom; the JSON <c>type</c> is the webhook event type.
/// Events that other entities react to carry the facts they need (reactors see no state).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(DisputeOpened), "dispute_opened")]
[JsonDerivedType(typeof(SolutionOffered), "solution_offered")]
[JsonDerivedType(typeof(SolutionAgreed), "solution_agreed")]
[JsonDerivedType(typeof(ResponseOverdue), "response_overdue")]
[JsonDerivedType(typeof(DisputeEscalated), "dispute_escalated")]
[JsonDerivedType(typeof(ExecutionReported), "execution_reported")]
[JsonDerivedType(typeof(DisputeResolved), "dispute_resolved")]
[JsonDerivedType(typeof(DisputeLapsed), "dispute_lapsed")]
[JsonDerivedType(typeof(DisputeDecided), "dispute_decided")]
[JsonDerivedType(typeof(CaseWithdrawn), "case_withdrawn")]
[JsonDerivedType(typeof(ClaimFiled), "claim_filed")]
[JsonDerivedType(typeof(ClaimQueued), "claim_queued")]
[JsonDerivedType(typeof(ClaimApproved), "claim_approved")]
[JsonDerivedType(typeof(ClaimRejected), "claim_rejected")]
[JsonDerivedType(typeof(ComplaintRegistered), "complaint_registered")]
[JsonDerivedType(typeof(ComplaintAnswerOverdue), "complaint_answer_overdue")]
[JsonDerivedType(typeof(ComplaintAnswered), "complaint_answered")]
[JsonDerivedType(typeof(ComplaintClosed), "complaint_closed")]
[JsonDerivedType(typeof(CancellationRequested), "cancellation_requested")]
[JsonDerivedType(typeof(CancellationEffective), "cancellation_effective")]
[JsonDerivedType(typeof(DebtRecorded), "debt_recorded")]
[JsonDerivedType(typeof(TicketOpened), "ticket_opened")]
[JsonDerivedType(typeof(TicketUpheld), "ticket_upheld")]
[JsonDerivedType(typeof(TicketRejected), "ticket_rejected")]
public abstract record CaseEvent(DateTimeOffset At, Actor By);

// dispute

/// <param name="RespondBy">The seller's last on-time instant.</param>
public sealed record DisputeOpened(
    DateTimeOffset At,
    Actor By,
    string OrderId,
    string BuyerId,
    string SellerId,
    DisputeProblem Problem,
    string Description,
    IReadOnlyList<Evidence> Evidence,
    Solution Wanted,
    DateTimeOffset RespondBy,
    CasePolicy Policy) : CaseEvent(At, By);

/// <param name="RespondBy">The other side's last on-time instant.</param>
public sealed record SolutionOffered(
    DateTimeOffset At,
    Actor By,
    Party Side,
    int Round,
    Solution Solution,
    string Explanation,
    IReadOnlyList<Evidence> Evidence,
    DateTimeOffset RespondBy) : CaseEvent(At, By);

public sealed record SolutionAgreed(
    DateTimeOffset At,
    Actor By,
    Party AcceptedBy,
    Solution Solution,
    DateTimeOffset ExecuteBy,
    IReadOnlyList<Party> Executors) : CaseEvent(At, By);

/// <summary>The side whose turn it was let its deadline pass.</summary>
public sealed record ResponseOverdue(DateTimeOffset At, Actor By, Party Side, int Round, DateTimeOffset RespondBy) : CaseEvent(At, By);

public sealed record DisputeEscalated(DateTimeOffset At, Actor By, EscalationReason Reason, string? Note = null) : CaseEvent(At, By);

public sealed record ExecutionReported(DateTimeOffset At, Actor By, Party Side, string? Note = null) : CaseEvent(At, By);

public sealed record DisputeResolved(DateTimeOffset At, Actor By, string OrderId, Solution Solution) : CaseEvent(At, By);

/// <summary>The buyer let the deadline pass on the seller's offer and the policy closes the case.</summary>
public sealed record DisputeLapsed(DateTimeOffset At, Actor By) : CaseEvent(At, By);

/// <summary>Customer care's final, recorded decision.</summary>
public sealed record DisputeDecided(
    DateTimeOffset At,
    Actor By,
    string OrderId,
    Party InFavourOf,
    string Reason,
    Solution? Solution = null) : CaseEvent(At, By);

/// <summary>The filer withdrew a dispute, claim or ticket.</summary>
public sealed record CaseWithdrawn(DateTimeOffset At, Actor By, string? Reason = null) : CaseEvent(At, By);

// money-back claim

public sealed record ClaimFiled(
    DateTimeOffset At,
    Actor By,
    string ConversationId,
    string OwnerId,
    IReadOnlyList<ClaimCategory> Categories,
    IReadOnlyList<string> MessageIds,
    DateTimeOffset ConversationEndedAt,
    string? Description,
    ConversationBreaches? Breaches,
    IReadOnlyList<ScreeningFinding> Findings,
    Money? AmountPaid,
    CasePolicy Policy) : CaseEvent(At, By);

public sealed record ClaimQueued(DateTimeOffset At, Actor By, ClaimQueue Queue) : CaseEvent(At, By);

/// <param name="Refund">The refund; null means the full price.</param>
/// <param name="Automatic">Approved by the response-time rule, without a reviewer.</param>
public sealed record ClaimApproved(
    DateTimeOffset At,
    Actor By,
    string ConversationId,
    string OwnerId,
    string CustomerId,
    IReadOnlyList<ClaimCategory> Categories,
    Money? Refund,
    bool Automatic,
    string? Note = null) : CaseEvent(At, By);

/// <param name="Breaches">With an automatic rejection: the figures that made the claim ineligible.</param>
public sealed record ClaimRejected(
    DateTimeOffset At,
    Actor By,
    string ConversationId,
    string OwnerId,
    string CustomerId,
    string Reason,
    bool Automatic,
    ConversationBreaches? Breaches = null) : CaseEvent(At, By);

// complaint

public sealed record ComplaintRegistered(
    DateTimeOffset At,
    Actor By,
    string Protocol,
    string CompanyId,
    string CustomerId,
    ContactChannel Channel,
    string Subject,
    string Description,
    DateTimeOffset AnswerBy,
    CasePolicy Policy) : CaseEvent(At, By);

/// <summary>The breach: the complaint was not answered by <paramref name="AnswerBy"/>.</summary>
public sealed record ComplaintAnswerOverdue(
    DateTimeOffset At,
    Actor By,
    string Protocol,
    string CompanyId,
    DateTimeOffset AnswerBy) : CaseEvent(At, By);

public sealed record ComplaintAnswered(DateTimeOffset At, Actor By, string Text, bool Late) : CaseEvent(At, By);

/// <summary>A closed complaint; the company's complaint statistics count it.</summary>
public sealed record ComplaintClosed(
    DateTimeOffset At,
    Actor By,
    string Protocol,
    string CompanyId,
    ComplaintResolution Resolution,
    string? Note = null) : CaseEvent(At, By);

// cancellation

public sealed record CancellationRequested(
    DateTimeOffset At,
    Actor By,
    string CustomerId,
    string Subscription,
    ContactChannel Channel,
    DateTimeOffset RequestedAt,
    string? Reason = null) : CaseEvent(At, By);

/// <summary>The cancellation, effective at the moment of the request.</summary>
public sealed record CancellationEffective(
    DateTimeOffset At,
    Actor By,
    string CustomerId,
    string Subscription,
    DateTimeOffset EffectiveAt) : CaseEvent(At, By);

/// <summary>What the customer still owed when cancelling; it neither blocks nor delays the cancellation.</summary>
public sealed record DebtRecorded(DateTimeOffset At, Actor By, string CustomerId, string Subscription, Money Amount) : CaseEvent(At, By);

// seller ticket

public sealed record TicketOpened(
    DateTimeOffset At,
    Actor By,
    string SellerId,
    string BuyerId,
    string ConversationId,
    IReadOnlyList<string> MessageIds,
    TicketReason Reason,
    string? Note = null) : CaseEvent(At, By);

/// <summary>
/// The reported buyer messages are verified as abusive: the conversation <paramref name="ConversationId"/> must
/// exclude <paramref name="MessageIds"/> from the seller's response metrics (see <see cref="CaseFlows"/>).
/// </summary>
public sealed record TicketUpheld(
    DateTimeOffset At,
    Actor By,
    string SellerId,
    string BuyerId,
    string ConversationId,
    IReadOnlyList<string> MessageIds,
    TicketReason Reason,
    string? Note = null) : CaseEvent(At, By);

public sealed record TicketRejected(
    DateTimeOffset At,
    Actor By,
    string SellerId,
    string ConversationId,
    string Reason) : CaseEvent(At, By);
