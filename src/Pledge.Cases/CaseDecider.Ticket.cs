using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// Seller ticket: a seller reports a buyer's abusive messages in one conversation; a reviewer upholds (the
/// messages leave the seller's response metrics, see <see cref="CaseFlows"/>) or rejects it.
/// </summary>
public sealed partial class CaseDecider
{
    private static IReadOnlyList<string> TicketActions(CaseStatus status, ActorRole role) => (status, role) switch
    {
        (CaseStatus.InReview, ActorRole.Reviewer) => [CaseActions.Uphold, CaseActions.Reject],
        (CaseStatus.InReview, ActorRole.Seller) => [CaseActions.Withdraw],
        _ => [],
    };

    private static Decision<CaseEvent> OpenTicket(OpenSellerTicket c, DateTimeOffset now)
    {
        var invalid = Check.Id(c.ConversationId, "conversationId")
            ?? Check.Id(c.BuyerId, "buyerId")
            ?? (c.BuyerId == c.By.Id ? Rejection.Invalid("buyerId", "A seller cannot report themselves.") : null)
            ?? Check.Ids(c.MessageIds, "messageIds", required: true)
            ?? Check.Known(c.Reason, "reason")
            ?? Check.OptionalText(c.Note, "note");
        return invalid ?? Accept(new TicketOpened(now, c.By, c.By.Id, c.BuyerId, c.ConversationId, c.MessageIds, c.Reason, c.Note));
    }

    private static Decision<CaseEvent> UpholdTicket(UpholdTicket c, TicketDetails ticket, DateTimeOffset now) =>
        Check.OptionalText(c.Note, "note", Check.MaxShortText) is { } bad
            ? bad
            : Accept(new TicketUpheld(now, c.By, ticket.SellerId, ticket.BuyerId, ticket.ConversationId, ticket.MessageIds, ticket.Reason, c.Note));

    private static Decision<CaseEvent> RejectTicket(RejectCase c, TicketDetails ticket, DateTimeOffset now) =>
        Check.Text(c.Reason, "reason", Check.MaxShortText) is { } bad
            ? bad
            : Accept(new TicketRejected(now, c.By, ticket.SellerId, ticket.ConversationId, c.Reason));

    private static TicketDetails NewTicket(TicketOpened e) => new(e.SellerId, e.BuyerId, e.ConversationId, e.MessageIds, e.Reason, e.Note);

    private static CaseState EvolveTicket(CaseState state, CaseEvent @event) => @event switch
    {
        TicketUpheld e => state with { Status = CaseStatus.Upheld, Ticket = state.Ticket! with { Decision = e.Note } },
        TicketRejected e => state with { Status = CaseStatus.Rejected, Ticket = state.Ticket! with { Decision = e.Reason } },
        _ => state,
    };
}
