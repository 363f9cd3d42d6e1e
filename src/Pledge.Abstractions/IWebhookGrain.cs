using System.Text.Json.Serialization;

namespace Pledge.Abstractions;

/// <summary>A committed event on its way to a tenant's webhook endpoints; <see cref="Body"/> is the POST body.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2), JsonConverter(typeof(EmbeddedJsonConverter))] string Body);

/// <summary>A tenant's webhook endpoint as the grain keeps it (the secret is never listed).</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookEndpointEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> EventTypes,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A newly registered endpoint and its signing secret, shown this once.</summary>
[GenerateSerializer, Immutable]
public sealed record CreatedWebhookEntry(
    [property: Id(0)] WebhookEndpointEntry Endpoint,
    [property: Id(1)] string Secret);

/// <summary>A delivery that kept failing for the whole retry period.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookDeadLetterEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] string EndpointId,
    [property: Id(2)] string EventId,
    [property: Id(3)] string EventType,
    [property: Id(4)] int Attempts,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset DeadAt,
    [property: Id(7)] string? LastError);

/// <summary>
/// One tenant's webhooks, keyed by tenant id: its endpoints, the deliveries pending for them and the dead letters.
/// Its single activation is the only sender of the tenant's deliveries; a reminder keeps pending ones alive.
/// </summary>
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Takes committed events; each becomes one delivery per endpoint subscribed to its type. Repeated event ids are ignored.</summary>
    Task PublishAsync(IReadOnlyList<WebhookEvent> events);

    Task<CreatedWebhookEntry> CreateAsync(string url, IReadOnlyList<string> eventTypes);

    Task<IReadOnlyList<WebhookEndpointEntry>> ListAsync();

    Task<WebhookEndpointEntry?> GetAsync(string id);

    /// <summary>Removes the endpoint with its pending deliveries and dead letters; false when there is none.</summary>
    Task<bool> DeleteAsync(string id);

    /// <summary>One page of dead letters after <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<WebhookDeadLetterEntry>> ListDeadLettersAsync(long? afterId, int limit);

    /// <summary>Sets <paramref name="field"/> of the event data to null in pending deliveries and dead letters of <paramref name="eventType"/> created before <paramref name="before"/>.</summary>
    Task<int> RedactAsync(string eventType, string field, DateTimeOffset before);

    /// <summary>How many deliveries wait (for health and tests).</summary>
    Task<int> PendingCountAsync();
}
