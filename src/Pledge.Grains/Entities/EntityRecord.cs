using System.Text.Json.Serialization;
using Pledge.Abstractions;

namespace Pledge.Grains.Entities;

/// <summary>
/// What an entity grain persists on every accepted command: its state, the deadlines it wants, the idempotency keys
/// it has seen, its outbox and the tail of its event log (older events live in sealed <see cref="LogPage"/>s, so a
/// write never grows with the entity's history).
/// </summary>
[GenerateSerializer]
public sealed class EntityRecord
{
    [Id(0), JsonConverter(typeof(EmbeddedJsonConverter))] public string? StateJson { get; set; }
    [Id(1)] public long Version { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(3)] public List<DeadlineEntry> Deadlines { get; set; } = [];
    [Id(4)] public List<string> IdempotencyKeys { get; set; } = [];
    [Id(5)] public List<ReactionEntry> Reactions { get; set; } = [];
    [Id(6)] public List<WebhookEvent> Webhooks { get; set; } = [];
    [Id(7)] public List<LoggedEvent> Tail { get; set; } = [];
    [Id(8)] public int SealedPages { get; set; }
    [Id(9)] public EntityIndexEntry? Index { get; set; }
    [Id(10)] public int PageSize { get; set; }
}

/// <summary>A command for another entity, waiting in the sender's outbox until the target has taken it.</summary>
[GenerateSerializer, Immutable]
public sealed record ReactionEntry(
    [property: Id(0)] string TargetKind,
    [property: Id(1)] string TargetKey,
    [property: Id(2), JsonConverter(typeof(EmbeddedJsonConverter))] string CommandJson,
    [property: Id(3)] string IdempotencyKey);

/// <summary><see cref="EntityGrainBase.PageSize"/> consecutive events of an entity's log, written once when the tail fills.</summary>
[GenerateSerializer]
public sealed class LogPage
{
    [Id(0)] public List<LoggedEvent> Events { get; set; } = [];
}
