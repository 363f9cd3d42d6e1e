namespace Pledge.Hosting.Webhooks;

/// <summary>A tenant's webhook endpoint. <see cref="EventTypes"/> lists event type names, or <c>*</c> for all.</summary>
public sealed record WebhookEndpoint(string Id, string Tenant, string Url, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt)
{
    public bool Equals(WebhookEndpoint? other) =>
        other is not null && Id == other.Id && Tenant == other.Tenant && Url == other.Url && CreatedAt == other.CreatedAt
        && EventTypes.SequenceEqual(other.EventTypes);

    public override int GetHashCode() => HashCode.Combine(Id, Tenant, Url, CreatedAt);
}

/// <summary>A newly registered endpoint with its signing secret — the only time the secret is shown.</summary>
public sealed record CreatedWebhook(WebhookEndpoint Endpoint, string Secret);

/// <summary>A delivery that kept failing for the whole retry period and was parked.</summary>
public sealed record WebhookDeadLetter(
    long Id,
    string EndpointId,
    string EventId,
    string EventType,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset DeadAt,
    string? LastError);

/// <summary>Tenants' webhook endpoints and their dead letters.</summary>
public interface IWebhookStore
{
    /// <summary>Registers an endpoint and generates its secret.</summary>
    /// <exception cref="HostRejectionException">The url is not an absolute http(s) URL, or an event type is empty (field named).</exception>
    Task<CreatedWebhook> CreateAsync(string tenant, string url, IReadOnlyList<string> eventTypes, CancellationToken cancellationToken = default);

    /// <summary>The tenant's endpoints, oldest first (secrets are not listed).</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenant, CancellationToken cancellationToken = default);

    Task<WebhookEndpoint?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>Removes an endpoint with its pending deliveries and dead letters; false when the tenant has no such endpoint.</summary>
    Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>One page of the tenant's dead letters, oldest first, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<WebhookDeadLetter>> ListDeadLettersAsync(string tenant, long? afterId, int limit, CancellationToken cancellationToken = default);
}
