using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// Dispute: the buyer opens with the solution wanted; the side whose turn it is accepts the other's latest
/// proposal or offers another (each offer restarts the other side's deadline); an agreement must be carried out
/// by its executors before its deadline; customer care decides escalated disputes, finally.
/// </summary>
public sealed partial class CaseDecider
{
    private const string ExecutionDeadline = "execution";
    private const string ResponseDeadline = "response:";

    private static IReadOnlyList<string> DisputeActions(CaseStatus status, DisputeDetails dispute, ActorRole role) => (status, role) switch
    {
        (CaseStatus.AwaitingSeller, ActorRole.Seller) => [CaseActions.AcceptSolution, CaseActions.OfferSolution],
        (CaseStatus.AwaitingSeller, ActorRole.Buyer) => dispute.Overdue ? [CaseActions.Escalate, CaseActions.Withdraw] : [CaseActions.Withdraw],
        (CaseStatus.AwaitingBuyer, ActorRole.Buyer) => [CaseActions.AcceptSolution, CaseActions.OfferSolution, CaseActions.Escalate, CaseActions.Withdraw],
        (CaseStatus.AwaitingSeller or CaseStatus.AwaitingBuyer, ActorRole.Platform) => [CaseActions.Escalate],
        (CaseStatus.AwaitingExecution, ActorRole.Platform) => [CaseActions.ReportExecution, CaseActions.Escalate],
        (CaseStatus.Escalated, ActorRole.Reviewer) => [CaseActions.Decide],
        (CaseStatus.Escalated, ActorRole.Buyer) => [CaseActions.Withdraw],
        _ => [],
    };

    private static Decision<CaseEvent> OpenDispute(OpenDispute c, DateTimeOffset now)
    {
        var policy = c.Policy ?? CasePolicies.Standard;
        var invalid = Check.Id(c.OrderId, "orderId")
            ?? Check.Id(c.SellerId, "sellerId")
            ?? (c.SellerId == c.By.Id ? Rejection.Invalid("sellerId", "A buyer cannot open a dispute against themselves.") : null)
            ?? Check.Known(c.Problem, "problem")
            ?? Check.Text(c.Description, "description")
            ?? Check.Evidence(c.Evidence, "evidence")
            ?? Check.Solution(c.Wanted, "wanted")
            ?? policy.Validate();
        if (invalid is not null) return invalid;
        if (Due.Resolve(c.RespondBy, policy.Dispute.SellerResponse, now, "respondBy", out var respondBy) is { } badDue) return badDue;
        return Accept(new DisputeOpened(now, c.By, c.OrderId, c.By.Id, c.SellerId, c.Problem, c.Description, c.Evidence, c.Wanted, respondBy, policy));
    }

    private static Decision<CaseEvent> AcceptSolution(AcceptSolution c, CaseState state, DateTimeOffset now)
    {
        var agreed = state.Dispute!.Current.Solution;
        if (Due.Resolve(c.ExecuteBy, state.Policy!.Dispute.Execution, now, "executeBy", out var executeBy) is { } badDue) return badDue;
        return Accept(new SolutionAgreed(now, c.By, SideOf(c.By.Role), agreed, executeBy, agreed.Executors()));
    }

    private static Decision<CaseEvent> OfferSolution(OfferSolution c, CaseState state, DateTimeOffset now)
    {
        var side = SideOf(c.By.Role);
        var invalid = Check.Solution(c.Solution, "solution")
            ?? Check.Text(c.Explanation, "explanation")
            ?? Check.Evidence(c.Evidence ?? [], "evidence");
        if (invalid is not null) return invalid;
        var term = side == Party.Seller ? state.Policy!.Dispute.BuyerResponse : state.Policy!.Dispute.SellerResponse;
        if (Due.Resolve(c.RespondBy, term, now, "respondBy", out var respondBy) is { } badDue) return badDue;
        return Accept(new SolutionOffered(now, c.By, side, state.Dispute!.Round + 1, c.Solution, c.Explanation, c.Evidence ?? [], respondBy));
    }

    private static Decision<CaseEvent> Escalate(EscalateDispute c, DateTimeOffset now)
    {
        if (Check.OptionalText(c.Note, "note", Check.MaxShortText) is { } bad) return bad;
        var reason = c.By.Role == ActorRole.Platform ? EscalationReason.PlatformRequest : EscalationReason.BuyerRequest;
        return Accept(new DisputeEscalated(now, c.By, reason, c.Note));
    }

    private static Decision<CaseEvent> ReportExecution(ReportExecution c, DisputeDetails dispute, DateTimeOffset now)
    {
        var invalid = Check.Known(c.Side, "side") ?? Check.OptionalText(c.Note, "note", Check.MaxShortText);
        if (invalid is not null) return invalid;
        if (!dispute.Executors!.Contains(c.Side))
            return Rejection.Invalid("side", $"The agreed {Name(dispute.Agreed!.Kind)} needs nothing from the {Name(c.Side)}.");
        // Reports arrive at least once; a repeated one changes nothing.
        if (dispute.Executed!.Contains(c.Side)) return Accept();
        var reported = new ExecutionReported(now, c.By, c.Side, c.Note);
        return dispute.Executors!.All(p => p == c.Side || dispute.Executed!.Contains(p))
            ? Accept(reported, new DisputeResolved(now, c.By, dispute.OrderId, dispute.Agreed!))
            : Accept(reported);
    }

    private static Decision<CaseEvent> DecideDispute(DecideDispute c, DisputeDetails dispute, DateTimeOffset now)
    {
        var invalid = Check.Known(c.InFavourOf, "inFavourOf")
            ?? Check.Text(c.Reason, "reason", Check.MaxShortText)
            ?? (c.Solution is null ? null : Check.Solution(c.Solution, "solution"));
        return invalid ?? Accept(new DisputeDecided(now, c.By, dispute.OrderId, c.InFavourOf, c.Reason, c.Solution));
    }

    private static IEnumerable<Deadline> DisputeDeadlines(CaseStatus status, DisputeDetails dispute) => status switch
    {
        CaseStatus.AwaitingSeller or CaseStatus.AwaitingBuyer when !dispute.Overdue && dispute.RespondBy is { } by =>
            [new Deadline($"{ResponseDeadline}{dispute.Round}", Due.FiresAt(by))],
        CaseStatus.AwaitingExecution when dispute.ExecuteBy is { } by => [new Deadline(ExecutionDeadline, Due.FiresAt(by))],
        _ => [],
    };

    private static IReadOnlyList<CaseEvent> FireDispute(string deadline, CaseState state, DateTimeOffset now)
    {
        var dispute = state.Dispute!;
        var policy = state.Policy!.Dispute;
        var pledge = Actor.Automation;
        if (deadline == ExecutionDeadline) return [new DisputeEscalated(now, pledge, EscalationReason.ExecutionOverdue)];

        var silent = state.Status == CaseStatus.AwaitingSeller ? Party.Seller : Party.Buyer;
        var overdue = new ResponseOverdue(now, pledge, silent, dispute.Round, dispute.RespondBy!.Value);
        return (silent, policy) switch
        {
            (Party.Seller, { AutoEscalate: true }) => [overdue, new DisputeEscalated(now, pledge, EscalationReason.SellerSilence)],
            (Party.Seller, _) => [overdue],
            (Party.Buyer, { CloseOnBuyerSilence: true }) => [overdue, new DisputeLapsed(now, pledge)],
            _ => [overdue, new DisputeEscalated(now, pledge, EscalationReason.BuyerSilence)],
        };
    }

    private static DisputeDetails NewDispute(DisputeOpened e) => new(
        e.OrderId, e.BuyerId, e.SellerId, e.Problem, e.Description, e.Evidence,
        [new Proposal(1, Party.Buyer, e.Wanted, e.Description, e.Evidence, e.At)],
        e.RespondBy, Overdue: false);

    private static CaseState EvolveDispute(CaseState state, CaseEvent @event)
    {
        var dispute = state.Dispute!;
        return @event switch
        {
            SolutionOffered e => state with
            {
                Status = e.Side == Party.Seller ? CaseStatus.AwaitingBuyer : CaseStatus.AwaitingSeller,
                Dispute = dispute with
                {
                    Proposals = [.. dispute.Proposals, new Proposal(e.Round, e.Side, e.Solution, e.Explanation, e.Evidence, e.At)],
                    RespondBy = e.RespondBy,
                    Overdue = false,
                },
            },
            SolutionAgreed e => state with
            {
                Status = CaseStatus.AwaitingExecution,
                Dispute = dispute with { Agreed = e.Solution, ExecuteBy = e.ExecuteBy, Executors = e.Executors, Executed = [], RespondBy = null, Overdue = false },
            },
            ResponseOverdue => state with { Dispute = dispute with { Overdue = true } },
            DisputeEscalated e => state with { Status = CaseStatus.Escalated, Dispute = dispute with { Escalation = e.Reason } },
            ExecutionReported e => state with { Dispute = dispute with { Executed = [.. dispute.Executed ?? [], e.Side] } },
            DisputeResolved => state with { Status = CaseStatus.Resolved, Dispute = dispute with { Outcome = DisputeOutcome.Executed } },
            DisputeLapsed => state with { Status = CaseStatus.Closed, Dispute = dispute with { Outcome = DisputeOutcome.Lapsed } },
            DisputeDecided e => state with
            {
                Status = CaseStatus.Closed,
                Dispute = dispute with { Outcome = DisputeOutcome.Decided, Ruling = new DisputeRuling(e.InFavourOf, e.Reason, e.Solution, e.By, e.At) },
            },
            _ => state,
        };
    }

    private static Party SideOf(ActorRole role) => role == ActorRole.Seller ? Party.Seller : Party.Buyer;

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
