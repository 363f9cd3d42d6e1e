using Pledge.Bookings.Customers;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Service.Conduct;
using Pledge.Service.Policies;

namespace Pledge.Service.Conversations;

/// <summary>The application side of conversations: resolves policies and checks the customer before the decider runs.</summary>
public sealed class ConversationService(IEntityHost host, PolicyRegistry policies, TenantScreening screening, TimeProvider clock)
{
    public async Task<(ConversationView? View, Rejection? Rejection)> OpenAsync(
        string tenant, string id, string policyName, string? owner, string? customer, CancellationToken cancellationToken)
    {
        var policy = await policies.ResolveAsync(PolicyFamilies.Conversation, tenant, policyName, cancellationToken);
        if (policy is null)
            return (null, Rejection.Invalid("policy", $"No conversation policy named '{policyName}'."));
        if (customer is not null)
        {
            var standing = await host.GetAsync(PledgeCatalog.Customer, new EntityId(tenant, customer), cancellationToken);
            if (standing is not null && CustomerRules.CheckAccess(standing.State, clock.GetUtcNow()) is { } barred)
                return (null, barred);
        }
        return ViewOf(id, await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, id),
            new ConversationCommand.Open(policy, owner, customer), null, cancellationToken));
    }

    /// <summary>Ingests a message; a repeated <paramref name="message"/> id returns the current view and counts once.</summary>
    /// <remarks>No idempotency key: the conversation keeps every message id and its decider answers a repeat with no events.</remarks>
    public async Task<(ConversationView? View, Rejection? Rejection)> ReceiveAsync(
        string tenant, string id, ConversationCommand.ReceiveMessage message, CancellationToken cancellationToken) =>
        ViewOf(id, await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, id),
            await screening.ScreenAsync(tenant, message, cancellationToken), null, cancellationToken));

    public async Task<(ConversationView? View, Rejection? Rejection)> ExcuseAsync(
        string tenant, string id, string reason, int? waitId, CancellationToken cancellationToken) =>
        ViewOf(id, await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, id),
            new ConversationCommand.ExcuseWait(reason, waitId), null, cancellationToken));

    public async Task<ConversationView?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        await host.GetAsync(PledgeCatalog.Conversation, new EntityId(tenant, id), cancellationToken) is { } snapshot
            ? ConversationView.Of(id, snapshot.State)
            : null;

    private static (ConversationView?, Rejection?) ViewOf(string id, CommandResult<ConversationState, ConversationEvent> result) =>
        result.Rejection is not null ? (null, result.Rejection) : (ConversationView.Of(id, result.Snapshot!.State), null);
}
