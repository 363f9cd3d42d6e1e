using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pledge.Cases;
using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using Pledge.Conduct.Screening;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Service.Policies;

namespace Pledge.Service.Casework;

/// <summary>
/// The application side of cases (see <see cref="CaseFlows"/>): resolves policies, computes business-day due
/// times, reserves claims in the conversation's claim registry, draws complaint protocol numbers, fills claims
/// with the conversation's breach record and the screening of their evidence, then runs the case decider.
/// </summary>
public sealed class CaseService(IEntityHost host, PolicyRegistry policies, TimeProvider clock, IScreener? screener = null)
{
    public const string DefaultPolicy = "cases-standard";

    private const int ScanBatch = 100;
    private const int MaxScanned = 1_000;
    private const int HistoryPage = 1_000;

    /// <summary>
    /// Opens a case under <paramref name="id"/> (a new id when null). Repeating the same filing under the same id
    /// returns the case with <c>Created</c> false; a different filing under a taken id is a <c>case_exists</c> conflict.
    /// </summary>
    public async Task<(CaseView? View, bool Created, Rejection? Rejection)> OpenAsync(
        string tenant, string? id, CaseFiling filing, Actor by, CancellationToken cancellationToken)
    {
        id ??= "case-" + Guid.NewGuid().ToString("N");
        var key = new EntityId(tenant, id);
        var type = CaseRequests.TypeOf(filing);
        var existing = await host.GetAsync(PledgeCatalog.Case, key, cancellationToken);
        if (existing is not null && existing.State.Type != type)
            return (null, false, CaseExists(id));

        var now = clock.GetUtcNow();
        var (command, refused) = filing switch
        {
            DisputeFiling f => await DisputeAsync(tenant, f, by, now, cancellationToken),
            ClaimFiling f => await ClaimAsync(tenant, id, f, by, now, reserve: existing is null, cancellationToken),
            ComplaintFiling f => await ComplaintAsync(tenant, id, f, by, now, existing?.State.Complaint, cancellationToken),
            CancellationFiling f => (new RequestCancellation(by, f.CustomerId, f.Subscription, f.Channel, f.RequestedAt, f.OutstandingDebt, f.Reason), null),
            TicketFiling f => await TicketAsync(tenant, f, by, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(filing)),
        };
        if (refused is not null)
            return (null, false, refused);

        var result = await host.SendAsync(PledgeCatalog.Case, key, command!, "open:" + Fingerprint(type, filing, by), cancellationToken);
        if (result.Rejection is { } rejection)
        {
            if (existing is not null && rejection.Kind == RejectionKind.NotAllowed)
                return (null, false, CaseExists(id));
            // The case was never created: free the categories this filing reserved.
            if (filing is ClaimFiling claim && existing is null)
                await host.SendAsync(PledgeCatalog.ClaimRegistry, new EntityId(tenant, claim.ConversationId), new ReleaseClaim(id), null, cancellationToken);
            return (null, false, rejection);
        }
        return (View(result.Snapshot!), !result.Duplicate, null);
    }

    /// <summary>Runs an action on an open case; a repeated <paramref name="idempotencyKey"/> returns the case as it is.</summary>
    public async Task<(CaseView? View, Rejection? Rejection)> ActAsync(
        string tenant, string id, CaseActionRequest action, Actor by, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var key = new EntityId(tenant, id);
        if (await host.GetAsync(PledgeCatalog.Case, key, cancellationToken) is not { } current)
            return (null, Rejection.NotFound("No such case."));
        var state = current.State;
        var now = clock.GetUtcNow();
        CaseCommand command = action switch
        {
            AcceptSolutionRequest => new AcceptSolution(by, await DisputeDueAsync(tenant, state, d => d.Execution, now, cancellationToken)),
            OfferSolutionRequest o => new OfferSolution(by, o.Solution, o.Explanation, o.Evidence,
                // A seller's offer gives the buyer their term; a buyer's counter-offer gives the seller theirs.
                await DisputeDueAsync(tenant, state, d => by.Role == ActorRole.Seller ? d.BuyerResponse : d.SellerResponse, now, cancellationToken)),
            EscalateRequest e => new EscalateDispute(by, e.Note),
            ReportExecutionRequest r => new ReportExecution(by, r.Side, r.Note),
            DecideRequest d => new DecideDispute(by, d.InFavourOf, d.Reason, d.Solution),
            WithdrawRequest w => new WithdrawCase(by, w.Reason),
            ApproveRequest a => new ApproveClaim(by, a.Refund, a.Note),
            RejectRequest r => new RejectCase(by, r.Reason),
            UpholdRequest u => new UpholdTicket(by, u.Note),
            AnswerRequest a => new AnswerComplaint(by, a.Text),
            CloseRequest c => new CloseComplaint(by, c.Resolution, c.Note),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        var result = await host.SendAsync(PledgeCatalog.Case, key, command, idempotencyKey is null ? null : "action:" + idempotencyKey, cancellationToken);
        return result.Rejection is { } rejection ? (null, rejection) : (View(result.Snapshot!), null);
    }

    public async Task<CaseView?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        await host.GetAsync(PledgeCatalog.Case, new EntityId(tenant, id), cancellationToken) is { } snapshot ? View(snapshot) : null;

    /// <summary>
    /// One page of the tenant's cases in <paramref name="status"/> (all statuses when null), by ascending id. With
    /// <paramref name="type"/> the page may hold fewer than <paramref name="limit"/> cases while <c>Next</c> is set:
    /// at most 1000 cases are looked at per page.
    /// </summary>
    public async Task<CasePage> ListAsync(
        string tenant, CaseStatus? status, CaseType? type, string? after, int limit, CancellationToken cancellationToken)
    {
        var statusName = status is { } s ? CaseStatuses.Name(s) : null;
        if (type is null)
        {
            var page = await host.ListAsync(PledgeCatalog.Case, tenant, statusName, after, limit, cancellationToken);
            return new CasePage([.. page.Select(View)], page.Count == limit ? page[^1].Id.Key : null);
        }

        var items = new List<CaseView>();
        var cursor = after;
        for (var scanned = 0; scanned < MaxScanned;)
        {
            var page = await host.ListAsync(PledgeCatalog.Case, tenant, statusName, cursor, ScanBatch, cancellationToken);
            foreach (var snapshot in page)
            {
                cursor = snapshot.Id.Key;
                scanned++;
                if (snapshot.State.Type != type) continue;
                items.Add(View(snapshot));
                if (items.Count == limit) return new CasePage(items, cursor);
            }
            if (page.Count < ScanBatch) return new CasePage(items, null);
        }
        return new CasePage(items, cursor);
    }

    /// <summary>The company's resolution index over [<paramref name="from"/>, <paramref name="to"/>); zero counts when it has closed no complaint.</summary>
    public async Task<ResolutionIndexView> ResolutionIndexAsync(
        string tenant, string companyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var stats = await host.GetAsync(PledgeCatalog.ComplaintStats, new EntityId(tenant, companyId), cancellationToken);
        var index = (stats?.State ?? ComplaintStatsState.Initial).ResolutionIndex(from, to);
        return new ResolutionIndexView(companyId, index.From, index.To, index.Closed, index.Resolved, index.NotResolved, index.Index);
    }

    private async Task<(CaseCommand?, Rejection?)> DisputeAsync(string tenant, DisputeFiling f, Actor by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (policy, unknown) = await PolicyAsync(tenant, f.Policy, cancellationToken);
        if (policy is null) return (null, unknown);
        var respondBy = await CaseDueTimes.DueAsync(policies, tenant, policy.Dispute.SellerResponse, now, cancellationToken);
        return (new OpenDispute(by, f.OrderId, f.SellerId, f.Problem, f.Description, f.Evidence ?? [], f.Wanted, respondBy, policy), null);
    }

    private async Task<(CaseCommand?, Rejection?)> ClaimAsync(
        string tenant, string caseId, ClaimFiling f, Actor by, DateTimeOffset now, bool reserve, CancellationToken cancellationToken)
    {
        var (policy, unknown) = await PolicyAsync(tenant, f.Policy, cancellationToken);
        if (policy is null) return (null, unknown);
        if (await OpenConversationAsync(tenant, f.ConversationId, cancellationToken) is not { } conversation)
            return (null, NoConversation(f.ConversationId));
        if (by.Role == ActorRole.Customer && conversation.Customer is { } customer && customer != by.Id)
            return (null, Rejection.Restricted("not_a_party", "A customer files claims only on their own conversations."));
        if (conversation.Owner is not { } owner)
            return (null, Rejection.Conflict("conversation_has_no_owner", $"Conversation '{f.ConversationId}' has no owner to claim against."));

        var (messages, openedAt) = await MessagesAsync(tenant, f.ConversationId, cancellationToken);
        var evidence = f.MessageIds ?? [];
        var categories = f.Categories;
        var view = ConversationView.Of(f.ConversationId, conversation);
        var breaches = categories.Contains(ClaimCategory.ResponseTime)
            ? new ConversationBreaches(view.ClaimEligible, view.Breaches, view.Policy, view.PolicyVersion)
            : null;
        var findings = categories.Any(c => c != ClaimCategory.ResponseTime)
            ? EvidenceScreening.Screen(screener ?? Screener.Default,
                evidence.Where(m => m is not null && messages.ContainsKey(m)).Distinct().Select(m => (m, messages[m].Text)))
            : [];
        // The claim window runs from the conversation's last message (its opening, when it has none).
        var endedAt = messages.Count == 0 ? openedAt : messages.Values.Max(m => m.At);
        var command = new FileMoneyBackClaim(by, f.ConversationId, owner, f.Categories, evidence, endedAt, f.Description, breaches, findings, f.AmountPaid, policy);

        if (!reserve) return (command, null);
        if (CaseFlows.CheckFiling(command, now) is { } refused) return (null, refused);
        for (var i = 0; i < evidence.Count; i++)
        {
            if (!messages.ContainsKey(evidence[i]))
                return (null, Rejection.Invalid($"messageIds[{i}]", $"'{evidence[i]}' is not a message of conversation '{f.ConversationId}'."));
        }
        var (registry, reservation) = CaseFlows.Reservation(caseId, command);
        var reserved = await host.SendAsync(PledgeCatalog.ClaimRegistry, new EntityId(tenant, registry), reservation, null, cancellationToken);
        return reserved.Rejection is { } taken ? (null, taken) : (command, null);
    }

    private async Task<(CaseCommand?, Rejection?)> ComplaintAsync(
        string tenant, string caseId, ComplaintFiling f, Actor by, DateTimeOffset now, ComplaintDetails? registered, CancellationToken cancellationToken)
    {
        var (policy, unknown) = await PolicyAsync(tenant, f.Policy, cancellationToken);
        if (policy is null) return (null, unknown);
        var answerBy = await CaseDueTimes.DueAsync(policies, tenant, policy.Complaint.Answer, now, cancellationToken);
        RegisterComplaint Register(string protocol) =>
            new(by, protocol, f.CompanyId, f.CustomerId, f.Channel, f.Subject, f.Description, answerBy, policy);

        if (registered is not null) return (Register(registered.Protocol), null);
        // Checked before a number is drawn, so that a refused complaint uses none up.
        if (CaseDecider.Instance.Decide(Register(ProtocolNumbers.Format(ProtocolNumbers.DefaultPrefix, now, 0)), CaseState.Initial, now).Rejection is { } refused)
            return (null, refused);
        var issued = await host.SendAsync(PledgeCatalog.ProtocolCounter, new EntityId(tenant, CaseKinds.ProtocolCounterKey),
            new IssueProtocolNumber(caseId), null, cancellationToken);
        if (issued.Rejection is { } rejection) return (null, rejection);
        var protocol = issued.Snapshot!.State.Find(caseId)?.Protocol
            ?? throw new InvalidOperationException($"The protocol counter issued no number for '{caseId}'.");
        return (Register(protocol), null);
    }

    private async Task<(CaseCommand?, Rejection?)> TicketAsync(string tenant, TicketFiling f, Actor by, CancellationToken cancellationToken)
    {
        if (await OpenConversationAsync(tenant, f.ConversationId, cancellationToken) is not { } conversation)
            return (null, NoConversation(f.ConversationId));
        if (by.Role == ActorRole.Seller && conversation.Owner is { } owner && owner != by.Id)
            return (null, Rejection.Restricted("not_a_party", "A seller reports messages only in their own conversations."));
        if (conversation.Customer is { } buyer && f.BuyerId != buyer)
            return (null, Rejection.Invalid("buyerId", $"'{f.BuyerId}' is not the customer of conversation '{f.ConversationId}'."));
        var messageIds = f.MessageIds ?? [];
        for (var i = 0; i < messageIds.Count; i++)
        {
            if (messageIds[i] is null || !conversation.MessageIds.Contains(messageIds[i]))
                return (null, Rejection.Invalid($"messageIds[{i}]", $"'{messageIds[i]}' is not a message of conversation '{f.ConversationId}'."));
        }
        return (new OpenSellerTicket(by, f.ConversationId, f.BuyerId, messageIds, f.Reason, f.Note), null);
    }

    private async Task<(CasePolicy? Policy, Rejection? Rejection)> PolicyAsync(string tenant, string? name, CancellationToken cancellationToken)
    {
        name ??= DefaultPolicy;
        var policy = await policies.ResolveAsync(PolicyFamilies.Case, tenant, name, cancellationToken);
        return policy is null ? (null, Rejection.Invalid("policy", $"No case policy named '{name}'.")) : (policy, null);
    }

    private async Task<DateTimeOffset?> DisputeDueAsync(
        string tenant, CaseState state, Func<DisputePolicy, CaseTerm> term, DateTimeOffset now, CancellationToken cancellationToken) =>
        state is { Type: CaseType.Dispute, Policy: { } policy }
            ? await CaseDueTimes.DueAsync(policies, tenant, term(policy.Dispute), now, cancellationToken)
            : null;

    private async Task<ConversationState?> OpenConversationAsync(string tenant, string id, CancellationToken cancellationToken) =>
        await host.GetAsync(PledgeCatalog.Conversation, new EntityId(tenant, id), cancellationToken) is { State.IsOpen: true } snapshot
            ? snapshot.State
            : null;

    /// <summary>The conversation's messages by id (texts live in its events, not its state) and when its log began.</summary>
    private async Task<(Dictionary<string, ConversationEvent.MessageReceived> Messages, DateTimeOffset OpenedAt)> MessagesAsync(
        string tenant, string conversationId, CancellationToken cancellationToken)
    {
        var messages = new Dictionary<string, ConversationEvent.MessageReceived>(StringComparer.Ordinal);
        DateTimeOffset? openedAt = null;
        for (long after = 0; ;)
        {
            var page = await host.GetHistoryAsync(PledgeCatalog.Conversation.Name, new EntityId(tenant, conversationId), after, HistoryPage, cancellationToken);
            foreach (var stored in page)
            {
                openedAt ??= stored.At;
                if (stored.Type == "message_received"
                    && JsonSerializer.Deserialize(stored.Json, ConversationJsonContext.Default.ConversationEvent) is ConversationEvent.MessageReceived message)
                    messages.TryAdd(message.MessageId, message);
            }
            if (page.Count < HistoryPage) break;
            after = page[^1].Sequence;
        }
        return (messages, openedAt ?? clock.GetUtcNow());
    }

    private static CaseView View(EntitySnapshot<CaseState> snapshot) => CaseView.Of(snapshot.Id.Key, snapshot.State, snapshot.Deadlines);

    private static Rejection NoConversation(string id) =>
        new(RejectionKind.NotFound, "not_found", $"No conversation '{id}' in this tenant.", "conversationId");

    private static Rejection CaseExists(string id) =>
        Rejection.Conflict("case_exists", $"Case '{id}' already exists with other contents; file under another id.",
            new Dictionary<string, string> { ["id"] = id });

    /// <summary>The filing as the client sent it, with who sent it: equal requests give equal fingerprints.</summary>
    private static string Fingerprint(CaseType type, CaseFiling filing, Actor by)
    {
        var text = string.Join('\n', CaseRequests.Name(type), by.Id, CaseRequests.Name(by.Role),
            JsonSerializer.Serialize(filing, filing.GetType(), JsonSerializerOptions.Web));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
