using System.Text.Json.Serialization;
using Pledge.Abstractions;

namespace Pledge.Grains.Webhooks;

/// <summary>
/// The persisted state of one tenant's <see cref="WebhookGrain"/>. Plain mutable classes with public setters so that
/// both the Orleans binary serializer and JSON grain-storage serializers round-trip them.
/// </summary>
[GenerateSerializer, Alias("pledge.webhooks.book")]
public sealed class WebhookBook
{
    [Id(0)] public List<WebhookEndpointRecord> Endpoints { get; set; } = [];

    /// <summary>Pending deliveries, in the order they were created.</summary>
    [Id(1)] public List<WebhookDeliveryRecord> Deliveries { get; set; } = [];

    [Id(2)] public List<WebhookDeliveryRecord> DeadLetters { get; set; } = [];

    /// <summary>The last delivery id handed out; dead letters keep their delivery's id.</summary>
    [Id(3)] public long LastId { get; set; }

    /// <summary>The most recent event ids taken, oldest first, so that a redelivered outbox is not fanned out twice.</summary>
    [Id(4)] public List<string> RecentEventIds { get; set; } = [];
}

[GenerateSerializer, Alias("pledge.webhooks.endpoint")]
public sealed class WebhookEndpointRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Url { get; set; } = "";
    [Id(2)] public List<string> EventTypes { get; set; } = [];
    [Id(3)] public string Secret { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A pending delivery, or (with <see cref="DeadAt"/> set) a dead letter; the body is kept for redaction and replay.</summary>
[GenerateSerializer, Alias("pledge.webhooks.delivery")]
public sealed class WebhookDeliveryRecord
{
    [Id(0)] public long Id { get; set; }
    [Id(1)] public string EndpointId { get; set; } = "";
    [Id(2)] public string EventId { get; set; } = "";
    [Id(3)] public string EventType { get; set; } = "";
    [Id(4), JsonConverter(typeof(EmbeddedJsonConverter))] public string Body { get; set; } = "";
    [Id(5)] public int Attempts { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset NextAttemptAt { get; set; }
    [Id(8)] public string? LastError { get; set; }
    [Id(9)] public DateTimeOffset? DeadAt { get; set; }
}
