using Pledge.Cases;

namespace Pledge.Service.Casework;

/// <summary>
/// What a client files with <c>POST /v1/cases</c> for one case type: the body without <c>id</c>, <c>type</c> and
/// <c>as</c>. The facts a client must not choose (who acts, the resolved policy, due times, the conversation's
/// breach record, screening findings, protocol numbers) are added by <see cref="CaseService"/>.
/// </summary>
public abstract record CaseFiling;

/// <summary>A buyer's dispute on an order; <paramref name="Policy"/> names a case policy (default <c>cases-standard</c>).</summary>
public sealed record DisputeFiling(
    string OrderId,
    string SellerId,
    DisputeProblem Problem,
    string Description,
    Solution Wanted,
    IReadOnlyList<Evidence>? Evidence = null,
    string? Policy = null) : CaseFiling;

/// <summary>A customer's money-back claim on a conversation; <paramref name="MessageIds"/> are the evidence.</summary>
public sealed record ClaimFiling(
    string ConversationId,
    IReadOnlyList<ClaimCategory> Categories,
    IReadOnlyList<string>? MessageIds = null,
    string? Description = null,
    Money? AmountPaid = null,
    string? Policy = null) : CaseFiling;

/// <summary>A consumer complaint against a company; it gets a protocol number at once.</summary>
public sealed record ComplaintFiling(
    string CompanyId,
    string CustomerId,
    ContactChannel Channel,
    string Subject,
    string Description,
    string? Policy = null) : CaseFiling;

/// <summary>A request to cancel a subscription or service: honoured at once, whatever is owed.</summary>
public sealed record CancellationFiling(
    string CustomerId,
    string Subscription,
    ContactChannel Channel,
    DateTimeOffset? RequestedAt = null,
    Money? OutstandingDebt = null,
    string? Reason = null) : CaseFiling;

/// <summary>A seller's report of a buyer's abusive messages in one conversation.</summary>
public sealed record TicketFiling(
    string ConversationId,
    string BuyerId,
    IReadOnlyList<string> MessageIds,
    TicketReason Reason,
    string? Note = null) : CaseFiling;
