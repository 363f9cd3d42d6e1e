using System.Text.Json.Serialization;
using Pledge.Domain.Kernel;

namespace Pledge.Abstractions;

// What crosses the grain boundary. Commands, events and state travel as the JSON their entity kind defines, so the
// deciders' types need no Orleans serializers and a stored state reads the same on every silo version.

/// <summary>A command for an entity grain: its JSON (the kind's command type) and an optional idempotency key.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityCall(
    [property: Id(0)] string CommandJson,
    [property: Id(1)] string? IdempotencyKey);

/// <summary>A deadline as stored and sent: its name and due time.</summary>
[GenerateSerializer, Immutable]
public sealed record DeadlineEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] DateTimeOffset DueAt)
{
    public static DeadlineEntry Of(Deadline d) => new(d.Name, d.DueAt);

    public Deadline ToDeadline() => new(Name, DueAt);
}

/// <summary>An entity's committed state: its JSON, how many events it has, when it last changed, the deadlines it wants.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityImage(
    [property: Id(0)] string StateJson,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset UpdatedAt,
    [property: Id(3)] IReadOnlyList<DeadlineEntry> Deadlines);

/// <summary>Why a command was refused (the wire form of <see cref="Rejection"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record RejectionEntry(
    [property: Id(0)] int Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Field,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Details)
{
    public static RejectionEntry Of(Rejection r) => new((int)r.Kind, r.Code, r.Message, r.Field, r.Details);

    public Rejection ToRejection() => new((RejectionKind)Kind, Code, Message, Field, Details);
}

/// <summary>What an entity grain did with one command; <see cref="EventsJson"/> holds the events it appended.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityReply(
    [property: Id(0)] EntityImage? Image,
    [property: Id(1)] IReadOnlyList<string> EventsJson,
    [property: Id(2)] RejectionEntry? Rejection,
    [property: Id(3)] bool Duplicate);

/// <summary>One committed event of an entity's log.</summary>
[GenerateSerializer, Immutable]
public sealed record LoggedEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3), JsonConverter(typeof(EmbeddedJsonConverter))] string Json);
