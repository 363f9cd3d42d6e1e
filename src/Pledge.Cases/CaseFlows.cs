using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// How the application layer (<c>Pledge.Service</c>) drives cases across entities. Deciders never call each
/// other; these are the sequences and reactions that tie them together.
/// </summary>
/// <remarks>
/// <para><b>Case keys.</b> A case's entity key is its id, chosen by the application layer (e.g. a new id per
/// <c>POST /v1/cases</c>, made idempotent with the request's idempotency key). The open commands
/// (<c>open_dispute</c>, <c>file_claim</c>, <c>register_complaint</c>, <c>request_cancellation</c>,
/// <c>open_seller_ticket</c>) are the body of <c>POST /v1/cases</c>; every other command is the body of
/// <c>POST /v1/cases/{id}/actions</c>, with its <c>action</c> field naming it. Review queues are
/// <c>GET /v1/cases?status=…</c> over <see cref="CaseKinds.Status"/>: <c>in_review</c> (claims and tickets),
/// <c>awaiting_confirmation</c> (response-time claims), <c>escalated</c> (disputes for customer care),
/// <c>overdue</c> (complaints past their answer deadline)…; <see cref="CaseDecider.AllowedActions(CaseState)"/>
/// tells a client what each role may do next, and <see cref="CaseState.History"/> is the audit trail.</para>
///
/// <para><b>Business-day due times.</b> Deciders know no calendar. When the case's policy counts a term in
/// business days (<see cref="CaseTerm.BusinessDays"/>), the command that starts the clock must carry the due
/// time — the last on-time instant — computed with the tenant's business calendar from the policy's
/// <see cref="CaseTerm.Days"/>: <c>respondBy</c> on <c>open_dispute</c> (seller's term) and on
/// <c>offer_solution</c> (the other side's term: buyer's after a seller offer, seller's after a counter-offer),
/// <c>executeBy</c> on <c>accept_solution</c>, <c>answerBy</c> on <c>register_complaint</c>. For an open case,
/// read the terms from <see cref="CaseState.Policy"/> (the version the case runs under), not from the current
/// preset. Elapsed-day terms fall back to <c>now + days</c> when no due time is passed. A deadline fires one
/// microsecond after its due time, so a step taken exactly at the due time is on time.</para>
///
/// <para><b>One money-back claim per conversation and category.</b> Claims are cases with their own ids, so the
/// rule lives in a <c>claim-registry</c> entity keyed by the conversation id. To file: (1) check the filing with
/// <see cref="CheckFiling"/> (the case decider on an empty case: nothing is reserved for a filing that would be
/// refused); (2) send <see cref="ReserveClaim"/>(claimId, categories) to <c>claim-registry/{conversationId}</c> —
/// a <c>claim_exists</c> conflict names the category and the claim holding it; (3) send the
/// <see cref="FileMoneyBackClaim"/> to <c>case/{claimId}</c>; if it is refused now (e.g. the window closed in
/// between), send <see cref="ReleaseClaim"/>(claimId). Both steps are idempotent by claim id, so a retry after a
/// crash repeats them safely. A rejected or withdrawn claim keeps its categories: a category is claimed once.
/// Fill the command from the conversation entity: its end time, its breach record
/// (<see cref="ConversationBreaches"/>, the <c>breaches</c> and <c>claimEligible</c> of
/// <c>GET /v1/conversations/{id}</c>), and the screening findings of the evidence messages.</para>
///
/// <para><b>Complaint protocol numbers.</b> Before registering a complaint send
/// <see cref="IssueProtocolNumber"/>(requestId) to <c>protocol-counter/complaints</c> of the tenant
/// (<see cref="CaseKinds.ProtocolCounterKey"/>); take the protocol from the <see cref="ProtocolNumberIssued"/>
/// event, or on a repeated request id from <see cref="ProtocolCounterState.Find"/>; then send
/// <see cref="RegisterComplaint"/> with it. Use the complaint request's idempotency key as request id.</para>
///
/// <para><b>Resolution index.</b> Wired here: every <see cref="ComplaintClosed"/> sends
/// <see cref="RecordComplaintClosure"/> to <c>complaint-stats/{companyId}</c>
/// (<see cref="CountClosedComplaints"/>, registered by <see cref="CaseKinds.CreateCase"/>); read it with
/// <see cref="ComplaintStatsState.ResolutionIndex"/>(from, to).</para>
///
/// <para><b>Upheld seller tickets.</b> A <see cref="TicketUpheld"/> must make the conversation
/// (<c>conversation/{conversationId}</c>) exclude its <c>messageIds</c> from the seller's response metrics. The
/// conversation command belongs to <c>Pledge.Domain.Conversations</c>; pass its constructor to
/// <see cref="CaseKinds.CreateCase"/> (which uses <see cref="ExcludeUpheldMessages"/>), e.g.
/// <c>CaseKinds.CreateCase(t =&gt; new ExcludeMessages(t.MessageIds, …))</c>. Reactions arrive at least once:
/// excluding a message twice must change nothing.</para>
///
/// <para><b>Other listeners.</b> <see cref="ClaimApproved"/> and <see cref="TicketUpheld"/> carry the owner or
/// seller, the customer or buyer and the categories, so conduct (violations) and customer views can react to
/// them without reading the case. <see cref="CancellationEffective"/> and <see cref="DebtRecorded"/> are the
/// billing system's webhooks.</para>
/// </remarks>
public static class CaseFlows
{
    /// <summary>Why the case decider would refuse this filing now, or null: step (1) of filing a claim.</summary>
    public static Rejection? CheckFiling(FileMoneyBackClaim filing, DateTimeOffset now) =>
        CaseDecider.Instance.Decide(filing, CaseState.Initial, now).Rejection;

    /// <summary>Step (2) of filing a claim: the registry entity's key and the reservation to send it.</summary>
    public static (string Key, ReserveClaim Command) Reservation(string claimId, FileMoneyBackClaim filing) =>
        (filing.ConversationId, new ReserveClaim(claimId, filing.Categories));

    /// <summary>Feeds a company's complaint statistics from its closed complaints (idempotent by case id).</summary>
    public static IEnumerable<Reaction> CountClosedComplaints(string caseKey, CaseEvent @event, DateTimeOffset at) =>
        @event is ComplaintClosed closed
            ? [new Reaction(CaseKinds.ComplaintStatsName, closed.CompanyId,
                new RecordComplaintClosure(caseKey, closed.Protocol, closed.At, closed.Resolution))]
            : [];

    /// <summary>Sends an upheld ticket's messages to the conversation, as the command <paramref name="command"/> builds.</summary>
    public static Func<string, CaseEvent, DateTimeOffset, IEnumerable<Reaction>> ExcludeUpheldMessages(Func<TicketUpheld, object> command) =>
        (_, @event, _) => @event is TicketUpheld upheld
            ? [new Reaction(ConversationKindName, upheld.ConversationId, command(upheld))]
            : [];

    /// <summary>The conversation kind's name, the target of upheld tickets.</summary>
    public const string ConversationKindName = "conversation";
}
