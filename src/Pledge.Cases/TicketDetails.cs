namespace Pledge.Cases;

/// <summary>The seller-ticket part of a case's state.</summary>
/// <param name="MessageIds">The buyer's messages the seller reports, all in <paramref name="ConversationId"/>.</param>
/// <param name="Decision">The reviewer's note or reason, once decided.</param>
public sealed record TicketDetails(
    string SellerId,
    string BuyerId,
    string ConversationId,
    IReadOnlyList<string> MessageIds,
    TicketReason Reason,
    string? Note,
    string? Decision = null);
