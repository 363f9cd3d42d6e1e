namespace Pledge.Hosting.Webhooks;

/// <summary>One event on its way to one endpoint.</summary>
public sealed record WebhookDelivery(
    long Id,
    string Tenant,
    string EndpointId,
    string Url,
    string Secret,
    string EventId,
    string EventType,
    string Body,
    int Attempts,
    DateTimeOffset CreatedAt);

/// <summary>The webhook side of the outbox, as a store exposes it to <see cref="WebhookDispatcher"/>; claims carry a lease.</summary>
public interface IWebhookQueue
{
    /// <summary>Turns up to <paramref name="limit"/> committed events into one delivery per matching endpoint; returns how many events it took.</summary>
    Task<int> FanOutAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WebhookDelivery>> ClaimDeliveriesAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    Task CompleteDeliveryAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: retry at <paramref name="retryAt"/>, or park as a dead letter when it is null.</summary>
    Task FailDeliveryAsync(long id, DateTimeOffset? retryAt, string error, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task ReleaseDeliveriesAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>When the next pending delivery is due, if any (lets the dispatcher sleep until a retry).</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes when events were committed.</summary>
    Task Changed { get; }
}
