using System.Reflection;
using System.Text.Json.Serialization;
using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// The <c>case</c> decider: disputes, money-back claims, complaints, cancellations and seller tickets.
/// This file holds what every type shares — who may do what, the audit trail, deadlines; the rules of each
/// type follow in <c>CaseDecider.{Type}.cs</c>.
/// </summary>
public sealed partial class CaseDecider : IDecider<CaseCommand, CaseEvent, CaseState>
{
    private static readonly Dictionary<Type, string> ActionNames = Discriminators<CaseCommand>();
    private static readonly Dictionary<Type, string> EventNames = Discriminators<CaseEvent>();

    public static CaseDecider Instance { get; } = new();

    public CaseState Initial => CaseState.Initial;

    public Decision<CaseEvent> Decide(CaseCommand command, CaseState state, DateTimeOffset now)
    {
        if (command is null) return Rejection.Invalid("action", "A command is required.");
        if (Check.Actor(command.By) is { } noActor) return noActor;
        if (command is ReachDeadline due)
        {
            return due.By.Role == ActorRole.System
                ? Decision<CaseEvent>.Accept(Deadlines(state).Contains(new Deadline(due.Name, due.DueAt)) ? Fire(due.Name, state, now) : [])
                : Rejection.NotAllowed(CaseStatuses.Name(state.Status), AllowedActions(state, due.By.Role));
        }

        // Deadlines the host has not fired yet apply first, so that no decision depends on scheduler lag.
        var overdue = CatchUp(state, now);
        var current = overdue.Aggregate(state, Evolve);
        var decision = Act(command, current, now);
        return decision.IsAccepted ? Decision<CaseEvent>.Accept([.. overdue, .. decision.Events]) : decision;
    }

    private static Decision<CaseEvent> Act(CaseCommand command, CaseState state, DateTimeOffset now)
    {
        var allowed = AllowedActions(state, command.By.Role);
        if (!allowed.Contains(ActionNames[command.GetType()]))
            return Rejection.NotAllowed(CaseStatuses.Name(state.Status), allowed);
        if (PartyOf(state, command.By.Role) is { } party && party != command.By.Id)
            return Rejection.Restricted("not_a_party", $"'{command.By.Id}' is not this case's {Name(command.By.Role)}.",
                new Dictionary<string, string> { ["role"] = Name(command.By.Role) });

        return (command, state.Type) switch
        {
            (OpenDispute c, _) => OpenDispute(c, now),
            (AcceptSolution c, _) => AcceptSolution(c, state, now),
            (OfferSolution c, _) => OfferSolution(c, state, now),
            (EscalateDispute c, _) => Escalate(c, now),
            (ReportExecution c, _) => ReportExecution(c, state.Dispute!, now),
            (DecideDispute c, _) => DecideDispute(c, state.Dispute!, now),
            (FileMoneyBackClaim c, _) => FileClaim(c, now),
            (ApproveClaim c, _) => ApproveClaim(c, state.Claim!, now),
            (RejectCase c, CaseType.MoneyBackClaim) => RejectClaim(c, state.Claim!, now),
            (RegisterComplaint c, _) => RegisterComplaint(c, now),
            (AnswerComplaint c, _) => AnswerComplaint(c, state.Complaint!, now),
            (CloseComplaint c, _) => CloseComplaint(c, state.Complaint!, now),
            (RequestCancellation c, _) => RequestCancellation(c, now),
            (OpenSellerTicket c, _) => OpenTicket(c, now),
            (UpholdTicket c, _) => UpholdTicket(c, state.Ticket!, now),
            (RejectCase c, CaseType.SellerTicket) => RejectTicket(c, state.Ticket!, now),
            (WithdrawCase c, _) => Withdraw(c, now),
            _ => Rejection.NotAllowed(CaseStatuses.Name(state.Status), allowed),
        };
    }

    /// <summary>What an actor in <paramref name="role"/> may do to the case now (the client-facing action names).</summary>
    public static IReadOnlyList<string> AllowedActions(CaseState state, ActorRole role) => state.Type switch
    {
        null => role switch
        {
            ActorRole.Buyer => [CaseActions.OpenDispute],
            ActorRole.Customer => [CaseActions.FileClaim, CaseActions.RegisterComplaint, CaseActions.RequestCancellation],
            ActorRole.Platform => [CaseActions.RegisterComplaint, CaseActions.RequestCancellation],
            ActorRole.Seller => [CaseActions.OpenSellerTicket],
            _ => [],
        },
        CaseType.Dispute => DisputeActions(state.Status, state.Dispute!, role),
        CaseType.MoneyBackClaim => ClaimActions(state.Status, role),
        CaseType.Complaint => ComplaintActions(state.Status, role),
        CaseType.SellerTicket => TicketActions(state.Status, role),
        _ => [],
    };

    /// <summary>What anyone may do to the case now, per role (roles with nothing to do are left out).</summary>
    public static IReadOnlyDictionary<ActorRole, IReadOnlyList<string>> AllowedActions(CaseState state) =>
        Enum.GetValues<ActorRole>()
            .Select(role => (role, actions: AllowedActions(state, role)))
            .Where(x => x.actions.Count > 0)
            .ToDictionary(x => x.role, x => x.actions);

    /// <summary>The id an actor in this role must have on this case; null when the role is not a party to it.</summary>
    private static string? PartyOf(CaseState state, ActorRole role) => (state.Type, role) switch
    {
        (CaseType.Dispute, ActorRole.Buyer) => state.Dispute!.BuyerId,
        (CaseType.Dispute, ActorRole.Seller) => state.Dispute!.SellerId,
        (CaseType.MoneyBackClaim, ActorRole.Customer) => state.Claim!.CustomerId,
        (CaseType.Complaint, ActorRole.Customer) => state.Complaint!.CustomerId,
        (CaseType.Complaint, ActorRole.Seller) => state.Complaint!.CompanyId,
        (CaseType.SellerTicket, ActorRole.Seller) => state.Ticket!.SellerId,
        _ => null,
    };

    public CaseState Evolve(CaseState state, CaseEvent @event)
    {
        var next = @event switch
        {
            DisputeOpened e => Opened(state, e) with { Type = CaseType.Dispute, Status = CaseStatus.AwaitingSeller, Policy = e.Policy, Dispute = NewDispute(e) },
            ClaimFiled e => Opened(state, e) with { Type = CaseType.MoneyBackClaim, Status = CaseStatus.Filed, Policy = e.Policy, Claim = NewClaim(e) },
            ComplaintRegistered e => Opened(state, e) with { Type = CaseType.Complaint, Status = CaseStatus.AwaitingAnswer, Policy = e.Policy, Complaint = NewComplaint(e) },
            CancellationRequested e => Opened(state, e) with { Type = CaseType.Cancellation, Status = CaseStatus.Requested, Cancellation = NewCancellation(e) },
            TicketOpened e => Opened(state, e) with { Type = CaseType.SellerTicket, Status = CaseStatus.InReview, Ticket = NewTicket(e) },
            CaseWithdrawn => state with
            {
                Status = CaseStatus.Closed,
                Dispute = state.Dispute is { } d ? d with { Outcome = DisputeOutcome.Withdrawn } : null,
            },
            _ => state.Type switch
            {
                CaseType.Dispute => EvolveDispute(state, @event),
                CaseType.MoneyBackClaim => EvolveClaim(state, @event),
                CaseType.Complaint => EvolveComplaint(state, @event),
                CaseType.Cancellation => EvolveCancellation(state, @event),
                CaseType.SellerTicket => EvolveTicket(state, @event),
                _ => state,
            },
        };
        var step = new CaseStep(@event.At, @event.By, EventNames[@event.GetType()], CaseStatuses.Name(state.Status), CaseStatuses.Name(next.Status));
        return next with { History = [.. state.History, step] };
    }

    private static Decision<CaseEvent> Withdraw(WithdrawCase c, DateTimeOffset now) =>
        Check.OptionalText(c.Reason, "reason", Check.MaxShortText) is { } bad ? bad : Accept(new CaseWithdrawn(now, c.By, c.Reason));

    private static CaseState Opened(CaseState state, CaseEvent e) => state with { OpenedAt = e.At };

    public IEnumerable<Deadline> Deadlines(CaseState state) => state.Type switch
    {
        CaseType.Dispute => DisputeDeadlines(state.Status, state.Dispute!),
        CaseType.Complaint => ComplaintDeadlines(state.Status, state.Complaint!),
        _ => [],
    };

    public CaseCommand OnDeadline(Deadline deadline) => new ReachDeadline(Actor.Automation, deadline.Name, deadline.DueAt);

    private static IReadOnlyList<CaseEvent> Fire(string deadline, CaseState state, DateTimeOffset now) => state.Type switch
    {
        CaseType.Dispute => FireDispute(deadline, state, now),
        CaseType.Complaint => FireComplaint(state.Complaint!, now),
        _ => [],
    };

    private List<CaseEvent> CatchUp(CaseState state, DateTimeOffset now)
    {
        var events = new List<CaseEvent>();
        for (var round = 0; round < 8 && Deadlines(state).Where(d => d.DueAt <= now).MinBy(d => d.DueAt) is { } due; round++)
        {
            var fired = Fire(due.Name, state, now);
            if (fired.Count == 0) break;
            events.AddRange(fired);
            state = fired.Aggregate(state, Evolve);
        }
        return events;
    }

    private static Decision<CaseEvent> Accept(params CaseEvent[] events) => Decision<CaseEvent>.Accept(events);

    private static Dictionary<Type, string> Discriminators<T>() =>
        typeof(T).GetCustomAttributes<JsonDerivedTypeAttribute>().ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
}
