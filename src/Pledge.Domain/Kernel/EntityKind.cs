using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Pledge.Domain.Kernel;

/// <summary>
/// Everything a host needs to run one entity kind: its name, its decider, how its commands, events and
/// state are written as JSON, which status it is listed under, and which commands its events send to other
/// entities. Hosts know nothing else about a kind.
/// </summary>
public sealed class EntityKind<TCommand, TEvent, TState> : IEntityKind
    where TState : class
{
    private readonly Dictionary<Type, string> eventTypeNames;
    private readonly List<Func<string, TEvent, DateTimeOffset, IEnumerable<Reaction>>> reactors = [];

    public EntityKind(
        string name,
        IDecider<TCommand, TEvent, TState> decider,
        JsonTypeInfo<TCommand> command,
        JsonTypeInfo<TEvent> @event,
        JsonTypeInfo<TState> state,
        Func<TState, string?>? status = null)
    {
        Name = name;
        Decider = decider;
        CommandJson = command;
        EventJson = @event;
        StateJson = state;
        Status = status ?? (_ => null);
        eventTypeNames = typeof(TEvent).GetCustomAttributes<JsonDerivedTypeAttribute>()
            .Where(a => a.TypeDiscriminator is string)
            .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
    }

    /// <summary>The kind's stable name, e.g. <c>conversation</c>; part of every stored row's key.</summary>
    public string Name { get; }

    public IDecider<TCommand, TEvent, TState> Decider { get; }

    public JsonTypeInfo<TCommand> CommandJson { get; }

    public JsonTypeInfo<TEvent> EventJson { get; }

    public JsonTypeInfo<TState> StateJson { get; }

    /// <summary>The status an entity is listed under (review queues); null when it is not listed.</summary>
    public Func<TState, string?> Status { get; }

    /// <summary>The event's type name: its JSON type discriminator, else its CLR name.</summary>
    public string EventType(TEvent @event) =>
        eventTypeNames.TryGetValue(@event!.GetType(), out var name) ? name : @event.GetType().Name;

    /// <summary>
    /// Adds a reactor: for each committed event of an entity (key, event, time the event was committed), the
    /// commands to send to other entities of the same tenant. Hosts deliver them at least once, using the
    /// source event as idempotency key, so a reactor must be a pure function of its arguments.
    /// </summary>
    public EntityKind<TCommand, TEvent, TState> ReactWith(Func<string, TEvent, DateTimeOffset, IEnumerable<Reaction>> reactor)
    {
        reactors.Add(reactor);
        return this;
    }

    public IEnumerable<Reaction> React(string key, TEvent @event, DateTimeOffset at) =>
        reactors.SelectMany(r => r(key, @event, at));

    public string SerializeCommand(object command) => JsonSerializer.Serialize((TCommand)command, CommandJson);

    public object DeserializeCommand(string json) =>
        JsonSerializer.Deserialize(json, CommandJson) ?? throw new JsonException($"Empty {Name} command.");

    public TResult Accept<TResult>(IEntityKindVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>The untyped face of an <see cref="EntityKind{TCommand,TEvent,TState}"/>, for host registries.</summary>
public interface IEntityKind
{
    string Name { get; }

    string SerializeCommand(object command);

    object DeserializeCommand(string json);

    /// <summary>Recovers the kind's type parameters (a host dispatching a reaction or a deadline needs them).</summary>
    TResult Accept<TResult>(IEntityKindVisitor<TResult> visitor);
}

/// <summary>Something that works on any entity kind with its type parameters known.</summary>
public interface IEntityKindVisitor<out TResult>
{
    TResult Visit<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind)
        where TState : class;
}
