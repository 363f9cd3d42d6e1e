using Pledge.Hosting.Internal;
using Pledge.Hosting.Webhooks;

namespace Pledge.Hosting.InMemory;

/// <summary>Webhook endpoints, pending deliveries and dead letters of an <see cref="InMemoryEntityHost"/>; not durable.</summary>
public sealed class InMemoryWebhookStore(InMemoryEntityHost host, TimeProvider clock) : IWebhookStore, IWebhookQueue
{
    private readonly Lock gate = new();
    private readonly List<Endpoint> endpoints = [];
    private readonly SortedDictionary<long, DeliveryRow> deliveries = [];
    private readonly SortedDictionary<long, (string Tenant, WebhookDeadLetter Letter)> deadLetters = [];
    private long seq;

    public Task<CreatedWebhook> CreateAsync(string tenant, string url, IReadOnlyList<string> eventTypes, CancellationToken cancellationToken = default)
    {
        var (checkedUrl, types) = WebhookInput.Validate(url, eventTypes);
        var endpoint = new WebhookEndpoint(WebhookInput.NewId(), tenant, checkedUrl, types, HostTime.Now(clock));
        var secret = WebhookInput.NewSecret();
        lock (gate) endpoints.Add(new Endpoint(endpoint, secret));
        return Task.FromResult(new CreatedWebhook(endpoint, secret));
    }

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenant, CancellationToken cancellationToken = default)
    {
        lock (gate) return Task.FromResult<IReadOnlyList<WebhookEndpoint>>(endpoints.Where(e => e.Info.Tenant == tenant).Select(e => e.Info).ToArray());
    }

    public Task<WebhookEndpoint?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        lock (gate) return Task.FromResult(endpoints.FirstOrDefault(e => e.Info.Tenant == tenant && e.Info.Id == id)?.Info);
    }

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var removed = endpoints.RemoveAll(e => e.Info.Tenant == tenant && e.Info.Id == id) > 0;
            if (removed)
            {
                foreach (var d in deliveries.Where(d => d.Value.Delivery.Tenant == tenant && d.Value.Delivery.EndpointId == id).Select(d => d.Key).ToArray())
                    deliveries.Remove(d);
                foreach (var d in deadLetters.Where(d => d.Value.Tenant == tenant && d.Value.Letter.EndpointId == id).Select(d => d.Key).ToArray())
                    deadLetters.Remove(d);
            }
            return Task.FromResult(removed);
        }
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> ListDeadLettersAsync(string tenant, long? afterId, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit);
        lock (gate)
            return Task.FromResult<IReadOnlyList<WebhookDeadLetter>>(deadLetters.Values
                .Where(d => d.Tenant == tenant && d.Letter.Id > (afterId ?? 0)).Select(d => d.Letter).Take(limit).ToArray());
    }

    Task<int> IWebhookQueue.FanOutAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var taken = 0;
        lock (gate)
            while (taken < limit && host.TryTakeEvent(out var e))
            {
                taken++;
                foreach (var endpoint in endpoints.Where(x => x.Info.Tenant == e.Tenant && WebhookInput.Matches(x.Info.EventTypes, e.Type)))
                {
                    var id = ++seq;
                    deliveries[id] = new DeliveryRow(
                        new WebhookDelivery(id, e.Tenant, endpoint.Info.Id, endpoint.Info.Url, endpoint.Secret, e.EventId, e.Type, e.Body, 0, now), now);
                }
            }
        return Task.FromResult(taken);
    }

    Task<IReadOnlyList<WebhookDelivery>> IWebhookQueue.ClaimDeliveriesAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        var claimed = new List<WebhookDelivery>();
        lock (gate)
            foreach (var row in deliveries.Values)
            {
                if (claimed.Count >= limit) break;
                if (row.NextAttemptAt > now || (row.ClaimedBy is not null && row.LeaseUntil > now)) continue;
                row.ClaimedBy = node;
                row.LeaseUntil = leaseUntil;
                claimed.Add(row.Delivery);
            }
        return Task.FromResult<IReadOnlyList<WebhookDelivery>>(claimed);
    }

    Task IWebhookQueue.CompleteDeliveryAsync(long id, CancellationToken cancellationToken)
    {
        lock (gate) deliveries.Remove(id);
        return Task.CompletedTask;
    }

    Task IWebhookQueue.FailDeliveryAsync(long id, DateTimeOffset? retryAt, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!deliveries.TryGetValue(id, out var row)) return Task.CompletedTask;
            var d = row.Delivery = row.Delivery with { Attempts = row.Delivery.Attempts + 1 };
            row.ClaimedBy = null;
            if (retryAt is { } at)
            {
                row.NextAttemptAt = at;
            }
            else
            {
                deliveries.Remove(id);
                deadLetters[id] = (d.Tenant, new WebhookDeadLetter(id, d.EndpointId, d.EventId, d.EventType, d.Attempts, d.CreatedAt, now, error));
            }
        }
        return Task.CompletedTask;
    }

    Task IWebhookQueue.ReleaseDeliveriesAsync(string node, CancellationToken cancellationToken)
    {
        lock (gate)
            foreach (var row in deliveries.Values.Where(r => r.ClaimedBy == node))
                row.ClaimedBy = null;
        return Task.CompletedTask;
    }

    Task<DateTimeOffset?> IWebhookQueue.NextDueAsync(CancellationToken cancellationToken)
    {
        lock (gate)
            return Task.FromResult(deliveries.Count == 0 ? (DateTimeOffset?)null : deliveries.Values.Min(d => d.NextAttemptAt));
    }

    Task IWebhookQueue.Changed => host.EventsChanged;

    private sealed record Endpoint(WebhookEndpoint Info, string Secret);

    private sealed class DeliveryRow(WebhookDelivery delivery, DateTimeOffset nextAttemptAt)
    {
        public WebhookDelivery Delivery { get; set; } = delivery;
        public DateTimeOffset NextAttemptAt { get; set; } = nextAttemptAt;
        public string? ClaimedBy { get; set; }
        public DateTimeOffset LeaseUntil { get; set; }
    }
}
