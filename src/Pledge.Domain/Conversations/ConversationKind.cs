using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using static Pledge.Domain.Conversations.ConversationEvent;

namespace Pledge.Domain.Conversations;

/// <summary>The <c>conversation</c> entity kind: its decider, JSON, status, and the reactions that feed owners.</summary>
public static class ConversationKind
{
    public const string Name = "conversation";

    /// <summary>
    /// Builds the kind. Status: <c>claim_eligible</c>, <c>waiting</c> (a wait is open) or <c>answered</c>.
    /// Wait outcomes go to the owner entity keyed by the owner id, as commands carrying the wait's key
    /// (<see cref="WaitKey"/>), which the owner de-duplicates on.
    /// </summary>
    public static EntityKind<ConversationCommand, ConversationEvent, ConversationState> Create() =>
        new EntityKind<ConversationCommand, ConversationEvent, ConversationState>(
                Name,
                new ConversationDecider(),
                ConversationJsonContext.Default.ConversationCommand,
                ConversationJsonContext.Default.ConversationEvent,
                ConversationJsonContext.Default.ConversationState,
                Status)
            .ReactWith(ToOwner);

    /// <summary>The key a wait has in its owner's metrics: unique within a tenant.</summary>
    public static string WaitKey(string conversationKey, int waitId) => $"{conversationKey}#{waitId}";

    // Only what a list filters on: a status that flipped between waiting and answered cost an index write per message.
    private static string? Status(ConversationState state) =>
        !state.IsOpen ? null
        : state.ClaimEligible ? "claim_eligible"
        : "open";

    private static IEnumerable<Reaction> ToOwner(string key, ConversationEvent @event, DateTimeOffset at)
    {
        IEnumerable<OwnerCommand> commands = @event switch
        {
            WaitBreached e => [new OwnerCommand.RecordWaitOutcome(WaitKey(key, e.WaitId), e.OpenedAt, e.RateWindow, e.Tier, Within: false)],
            WaitClosed e => e.Within.Select(tier => new OwnerCommand.RecordWaitOutcome(WaitKey(key, e.WaitId), e.OpenedAt, e.RateWindow, tier, Within: true)),
            WaitExcused e => [new OwnerCommand.WithdrawWait(WaitKey(key, e.WaitId), e.RateWindow)],
            MessagesExcluded e => e.Dropped.Select(id => (OwnerCommand)new OwnerCommand.WithdrawWait(WaitKey(key, id), e.RateWindow))
                .Concat(e.Outcomes.Select(o => new OwnerCommand.RecordWaitOutcome(WaitKey(key, o.WaitId), o.Opened, e.RateWindow, o.Tier, o.Within))),
            _ => [],
        };
        var owner = @event switch
        {
            WaitBreached e => e.Owner,
            WaitClosed e => e.Owner,
            WaitExcused e => e.Owner,
            MessagesExcluded e => e.Owner,
            _ => null,
        };
        return owner is null ? [] : commands.Select(c => new Reaction(OwnerKind.Name, owner, c)).ToArray();
    }
}
