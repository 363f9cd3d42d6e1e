using Microsoft.Extensions.Logging;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Hosting.Retention;

namespace Pledge.Service.Tenancy;

/// <summary>A tenant's retention setting, and the sweep that applies every tenant's setting to the stored message texts.</summary>
public sealed class RetentionService(IEntityHost host, IEventRetention retention, TimeProvider clock, ILogger<RetentionService> logger)
{
    private const int TenantPage = 200;
    private const string MessageTextEvent = "message_received";

    /// <summary>How long the tenant keeps message texts (null: for ever), or null when the tenant does not exist.</summary>
    public async Task<RetentionView?> GetAsync(string tenant, CancellationToken cancellationToken) =>
        await host.GetAsync(TenantKind.Kind, TenantId(tenant), cancellationToken) is { State.Exists: true } snapshot
            ? new RetentionView(snapshot.State.MessageTextRetention)
            : null;

    public async Task<(RetentionView? View, Rejection? Rejection)> SetAsync(string tenant, TimeSpan? messageText, CancellationToken cancellationToken)
    {
        var result = await host.SendAsync(TenantKind.Kind, TenantId(tenant), new SetRetention(messageText), null, cancellationToken);
        return result.Rejection is { } rejection ? (null, rejection) : (new RetentionView(result.Snapshot!.State.MessageTextRetention), null);
    }

    /// <summary>Redacts, for every tenant with a retention, the message texts older than it; returns how many it redacted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var redacted = 0;
        for (string? after = null; ;)
        {
            var tenants = await host.ListAsync(TenantKind.Kind, TenantKind.SystemTenant, null, after, TenantPage, cancellationToken);
            foreach (var tenant in tenants)
            {
                if (tenant.State.MessageTextRetention is not { } keep)
                    continue;
                var redaction = new Redaction(tenant.Id.Key, PledgeCatalog.Conversation.Name, MessageTextEvent, "text", clock.GetUtcNow() - keep);
                int batch;
                do
                {
                    batch = await retention.RedactAsync(redaction, cancellationToken);
                    redacted += batch;
                }
                while (batch == redaction.Limit);
            }
            if (tenants.Count < TenantPage)
                break;
            after = tenants[^1].Id.Key;
        }
        if (redacted > 0)
            logger.LogInformation("Redacted {Count} message texts past their tenants' retention.", redacted);
        return redacted;
    }

    private static EntityId TenantId(string tenant) => new(TenantKind.SystemTenant, tenant);
}

/// <summary><c>{"messageText":"P30D"}</c>: how long message texts are kept; null keeps them.</summary>
public sealed record RetentionView(TimeSpan? MessageText);
