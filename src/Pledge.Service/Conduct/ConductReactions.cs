using System.Collections.Immutable;
using Pledge.Cases;
using Pledge.Conduct.Conduct;
using Pledge.Conduct.Screening;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;

namespace Pledge.Service.Conduct;

/// <summary>
/// How conversations and cases feed conduct records. Pure functions of the event, so the host can deliver them at
/// least once: every command carries the id its conduct record de-duplicates on.
/// </summary>
public static class ConductReactions
{
    /// <summary>
    /// Every message is screened when it is committed. What a seller or talent writes counts against its author's
    /// conduct record; what a customer writes to staff counts against the customer's (only abuse categories score there).
    /// </summary>
    public static IEnumerable<Reaction> FromConversation(string conversation, ConversationEvent @event, DateTimeOffset at)
    {
        if (@event is not ConversationEvent.MessageReceived { Text: { Length: > 0 } text } message)
            return [];
        // Messages are screened on receipt under the tenant's rules; one recorded without (a replay) gets the product's.
        ImmutableArray<Finding> findings = message.Findings is { } recorded
            ? [.. recorded.Select(f => ScreeningCategoryNames.TryParse(f.Category, out var category) ? new Finding(category, f.Start, f.Length, f.Rule) : null).OfType<Finding>()]
            : Screener.Default.Screen(text).Findings;
        if (findings.IsEmpty)
            return [];
        var kind = message.From == Pledge.Domain.Conversations.Party.Agent ? ConductKind.OwnerKindName : ConductKind.CustomerKindName;
        return [new Reaction(kind, message.Author, new RecordFinding(message.MessageId, conversation, findings, message.At))];
    }

    /// <summary>An approved claim is a violation of the talent; an upheld seller ticket one of the buyer.</summary>
    public static IEnumerable<Reaction> FromCase(string caseId, CaseEvent @event, DateTimeOffset at) => @event switch
    {
        ClaimApproved e => [new Reaction(ConductKind.OwnerKindName, e.OwnerId,
            new RecordViolation($"claim:{caseId}", "claim_upheld", ViolationSource.Claim, caseId, e.By.Id))],
        TicketUpheld e => [new Reaction(ConductKind.CustomerKindName, e.BuyerId,
            new RecordViolation($"ticket:{caseId}", "ticket_upheld", ViolationSource.Ticket, caseId, e.By.Id, e.Note))],
        _ => [],
    };
}
