using System.Text.Json.Serialization;

namespace Pledge.Cases;

/// <summary>
/// Something asked of a case, by <paramref name="By"/>. The JSON <c>action</c> field names the command; the
/// open commands create the case (<c>POST /v1/cases</c>), the others act on it (<c>POST /v1/cases/{id}/actions</c>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "action", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(OpenDispute), CaseActions.OpenDispute)]
[JsonDerivedType(typeof(FileMoneyBackClaim), CaseActions.FileClaim)]
[JsonDerivedType(typeof(RegisterComplaint), CaseActions.RegisterComplaint)]
[JsonDerivedType(typeof(RequestCancellation), CaseActions.RequestCancellation)]
[JsonDerivedType(typeof(OpenSellerTicket), CaseActions.OpenSellerTicket)]
[JsonDerivedType(typeof(AcceptSolution), CaseActions.AcceptSolution)]
[JsonDerivedType(typeof(OfferSolution), CaseActions.OfferSolution)]
[JsonDerivedType(typeof(EscalateDispute), CaseActions.Escalate)]
[JsonDerivedType(typeof(ReportExecution), CaseActions.ReportExecution)]
[JsonDerivedType(typeof(DecideDispute), CaseActions.Decide)]
[JsonDerivedType(typeof(WithdrawCase), CaseActions.Withdraw)]
[JsonDerivedType(typeof(ApproveClaim), CaseActions.Approve)]
[JsonDerivedType(typeof(RejectCase), CaseActions.Reject)]
[JsonDerivedType(typeof(UpholdTicket), CaseActions.Uphold)]
[JsonDerivedType(typeof(AnswerComplaint), CaseActions.Answer)]
[JsonDerivedType(typeof(CloseComplaint), CaseActions.Close)]
[JsonDerivedType(typeof(ReachDeadline), CaseActions.Deadline)]
public abstract record CaseCommand(Actor By);

/// <summary>The buyer opens a dispute on an order with the solution they want.</summary>
/// <param name="RespondBy">The seller's last on-time instant; required when the policy counts business days.</param>
/// <param name="Policy">The resolved policy (preset plus tenant overrides); <see cref="CasePolicies.Standard"/> when absent.</param>
public sealed record OpenDispute(
    Actor By,
    string OrderId,
    string SellerId,
    DisputeProblem Problem,
    string Description,
    IReadOnlyList<Evidence> Evidence,
    Solution Wanted,
    DateTimeOffset? RespondBy = null,
    CasePolicy? Policy = null) : CaseCommand(By);

/// <summary>The side whose turn it is accepts the other side's latest proposal.</summary>
/// <param name="ExecuteBy">The last on-time instant to carry the solution out; required when the policy counts business days.</param>
public sealed record AcceptSolution(Actor By, DateTimeOffset? ExecuteBy = null) : CaseCommand(By);

/// <summary>The side whose turn it is offers another solution (the seller's offer, the buyer's counter-offer).</summary>
/// <param name="RespondBy">The other side's last on-time instant; required when the policy counts business days.</param>
public sealed record OfferSolution(
    Actor By,
    Solution Solution,
    string Explanation,
    IReadOnlyList<Evidence>? Evidence = null,
    DateTimeOffset? RespondBy = null) : CaseCommand(By);

/// <summary>The buyer (or the platform) takes the dispute to customer care.</summary>
public sealed record EscalateDispute(Actor By, string? Note = null) : CaseCommand(By);

/// <summary>The platform reports that one side carried out its part of the agreed solution.</summary>
public sealed record ReportExecution(Actor By, Party Side, string? Note = null) : CaseCommand(By);

/// <summary>Customer care's final decision on an escalated dispute.</summary>
public sealed record DecideDispute(Actor By, Party InFavourOf, string Reason, Solution? Solution = null) : CaseCommand(By);

/// <summary>The filer withdraws a dispute, claim or ticket that is still open.</summary>
public sealed record WithdrawCase(Actor By, string? Reason = null) : CaseCommand(By);

/// <summary>The customer files a money-back claim on a conversation; the application layer fills in the conversation's facts.</summary>
/// <param name="OwnerId">The talent (or team) the conversation belongs to.</param>
/// <param name="MessageIds">Evidence: ids of messages of that conversation (required for conduct categories).</param>
/// <param name="ConversationEndedAt">When the conversation ended; the claim window runs from here.</param>
/// <param name="Breaches">The conversation's breach record; required for a response-time claim.</param>
/// <param name="Findings">The message screening's findings on the evidence, for the reviewer.</param>
public sealed record FileMoneyBackClaim(
    Actor By,
    string ConversationId,
    string OwnerId,
    IReadOnlyList<ClaimCategory> Categories,
    IReadOnlyList<string> MessageIds,
    DateTimeOffset ConversationEndedAt,
    string? Description = null,
    ConversationBreaches? Breaches = null,
    IReadOnlyList<ScreeningFinding>? Findings = null,
    Money? AmountPaid = null,
    CasePolicy? Policy = null) : CaseCommand(By);

/// <summary>A reviewer approves a money-back claim; <paramref name="Refund"/> null means the full price.</summary>
public sealed record ApproveClaim(Actor By, Money? Refund = null, string? Note = null) : CaseCommand(By);

/// <summary>A reviewer rejects a money-back claim or a seller ticket, with a reason.</summary>
public sealed record RejectCase(Actor By, string Reason) : CaseCommand(By);

/// <summary>A complaint is registered under a protocol number the protocol counter handed out.</summary>
/// <param name="AnswerBy">The company's last on-time instant to answer; required when the policy counts business days.</param>
public sealed record RegisterComplaint(
    Actor By,
    string Protocol,
    string CompanyId,
    string CustomerId,
    ContactChannel Channel,
    string Subject,
    string Description,
    DateTimeOffset? AnswerBy = null,
    CasePolicy? Policy = null) : CaseCommand(By);

/// <summary>The company answers a complaint (once).</summary>
public sealed record AnswerComplaint(Actor By, string Text) : CaseCommand(By);

/// <summary>A complaint is closed as resolved or not resolved.</summary>
public sealed record CloseComplaint(Actor By, ComplaintResolution Resolution, string? Note = null) : CaseCommand(By);

/// <summary>A request to cancel a subscription or service: honoured at once, whatever is owed.</summary>
/// <param name="RequestedAt">When the customer asked (e.g. a logged phone call); now when absent; never in the future.</param>
/// <param name="OutstandingDebt">What the customer still owes: recorded, never an obstacle.</param>
public sealed record RequestCancellation(
    Actor By,
    string CustomerId,
    string Subscription,
    ContactChannel Channel,
    DateTimeOffset? RequestedAt = null,
    Money? OutstandingDebt = null,
    string? Reason = null) : CaseCommand(By);

/// <summary>A seller reports abusive messages of a buyer in one conversation.</summary>
public sealed record OpenSellerTicket(
    Actor By,
    string ConversationId,
    string BuyerId,
    IReadOnlyList<string> MessageIds,
    TicketReason Reason,
    string? Note = null) : CaseCommand(By);

/// <summary>A reviewer upholds a seller ticket: the reported messages are verified as abusive.</summary>
public sealed record UpholdTicket(Actor By, string? Note = null) : CaseCommand(By);

/// <summary>A stored deadline fell due (sent by the host through <see cref="CaseDecider.OnDeadline"/>).</summary>
public sealed record ReachDeadline(Actor By, string Name, DateTimeOffset DueAt) : CaseCommand(By);
