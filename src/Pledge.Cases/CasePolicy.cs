using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// The rules a case runs under, as data with a name and a version. A case carries the resolved policy in its
/// state from the moment it opens, so a later policy change never rewrites an open case.
/// </summary>
public sealed record CasePolicy(string Name, int Version, DisputePolicy Dispute, ClaimPolicy Claim, ComplaintPolicy Complaint)
{
    /// <summary>The first thing wrong with the policy, naming the field (under <c>policy.</c>), or null.</summary>
    public Rejection? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) return Rejection.Invalid("policy.name", "A policy needs a name.");
        if (Version < 1) return Rejection.Invalid("policy.version", "A policy version starts at 1.");
        if (Dispute is null) return Rejection.Invalid("policy.dispute", "The dispute rules are missing.");
        if (Claim is null) return Rejection.Invalid("policy.claim", "The claim rules are missing.");
        if (Complaint is null) return Rejection.Invalid("policy.complaint", "The complaint rules are missing.");
        return Term(Dispute.SellerResponse, "policy.dispute.sellerResponse")
            ?? Term(Dispute.BuyerResponse, "policy.dispute.buyerResponse")
            ?? Term(Dispute.Execution, "policy.dispute.execution")
            ?? Term(Complaint.Answer, "policy.complaint.answer")
            ?? (Claim.Window <= TimeSpan.Zero ? Rejection.Invalid("policy.claim.window", "The claim window must be positive.") : null)
            ?? (Enum.IsDefined(Claim.ResponseTime) ? null : Rejection.Invalid("policy.claim.responseTime", "Unknown handling."));
    }

    private static Rejection? Term(CaseTerm? term, string field) =>
        term is null ? Rejection.Invalid(field, "The term is missing.")
        : term.Days is < 1 or > 366 ? Rejection.Invalid($"{field}.days", "A term is 1 to 366 days.")
        : null;
}

/// <param name="SellerResponse">Time the seller has to answer the buyer's proposal (each round restarts it).</param>
/// <param name="BuyerResponse">Time the buyer has to answer the seller's offer.</param>
/// <param name="Execution">Time both sides have to carry out an agreed solution.</param>
/// <param name="AutoEscalate">Escalate to customer care the moment the seller lets the deadline pass (otherwise the buyer may).</param>
/// <param name="CloseOnBuyerSilence">Close the dispute when the buyer lets the deadline pass (otherwise escalate).</param>
public sealed record DisputePolicy(
    CaseTerm SellerResponse,
    CaseTerm BuyerResponse,
    CaseTerm Execution,
    bool AutoEscalate,
    bool CloseOnBuyerSilence);

/// <param name="Window">How long after the conversation ends a claim may be filed (inclusive).</param>
public sealed record ClaimPolicy(TimeSpan Window, ResponseTimeClaimHandling ResponseTime);

/// <param name="Answer">Time the company has to answer a complaint.</param>
public sealed record ComplaintPolicy(CaseTerm Answer);
