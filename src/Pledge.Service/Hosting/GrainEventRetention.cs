using Pledge.Abstractions;
using Pledge.Hosting;
using Pledge.Hosting.Retention;

namespace Pledge.Service.Hosting;

/// <summary>
/// Retention on grains: each of the tenant's entities of the kind (found through the index) redacts its own log and
/// outbox, then the tenant's webhook grain its pending deliveries and dead letters.
/// </summary>
public sealed class GrainEventRetention(IGrainFactory grains, IEntityIndex index) : IEventRetention
{
    private const int Page = 200;

    public async Task<int> RedactAsync(Redaction redaction, CancellationToken cancellationToken = default)
    {
        // Entities first: each redacts its log and what its outbox has not yet handed to the webhook grain; the webhook
        // grain then redacts what it holds, including deliveries handed over while the entities were being swept.
        var changed = 0;
        for (string? after = null; ;)
        {
            var keys = await index.PageAsync(redaction.Tenant, redaction.Kind, null, after, Page, cancellationToken).ConfigureAwait(false);
            var counts = await Task.WhenAll(keys.Select(k => EntityGrains.Get(grains, redaction.Kind, new EntityId(redaction.Tenant, k))
                .RedactAsync(redaction.EventType, redaction.Field, redaction.Before))).WaitAsync(cancellationToken).ConfigureAwait(false);
            changed += counts.Sum();
            if (keys.Count < Page) break;
            after = keys[^1];
        }
        changed += await grains.GetGrain<IWebhookGrain>(redaction.Tenant)
            .RedactAsync(redaction.EventType, redaction.Field, redaction.Before).WaitAsync(cancellationToken).ConfigureAwait(false);
        // One call sweeps every entity of the kind; a caller that asks again (a count of exactly Limit) finds nothing left.
        return changed;
    }
}
