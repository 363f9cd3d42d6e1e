using System.Text.Json;
using Pledge.Domain.Kernel;

namespace Pledge.Hosting.Internal;

/// <summary>A reaction waiting in the outbox for delivery to its target entity.</summary>
internal sealed record OutboxReaction(string Tenant, string TargetKind, string TargetKey, string CommandJson, string IdempotencyKey);

/// <summary>A committed event waiting in the outbox for fan-out to webhook endpoints; <see cref="Body"/> is the POST body.</summary>
internal sealed record OutboxEvent(string Tenant, string EventId, string Type, string Body);

/// <summary>What one command does to one entity, computed purely; a host persists it as one unit or not at all.</summary>
internal sealed class Plan<TState, TEvent>
    where TState : class
{
    public required EntitySnapshot<TState>? Before { get; init; }

    public Rejection? Rejection { get; init; }

    /// <summary>The entity after the command; equals <see cref="Before"/> when nothing changed (null when refused and never existed).</summary>
    public required EntitySnapshot<TState>? After { get; init; }

    public IReadOnlyList<TEvent> Events { get; init; } = [];

    public IReadOnlyList<StoredEvent> StoredEvents { get; init; } = [];

    public IReadOnlyList<OutboxReaction> Reactions { get; init; } = [];

    public IReadOnlyList<OutboxEvent> WebhookEvents { get; init; } = [];

    public string? Status { get; init; }

    public bool Changed => StoredEvents.Count > 0;
}

internal static class Planner
{
    /// <summary>Runs the decider: decide, evolve, list deadlines, derive reactions and webhook events.</summary>
    public static Plan<TState, TEvent> Decide<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind,
        EntityCatalog catalog,
        EntityId id,
        EntitySnapshot<TState>? before,
        TCommand command,
        DateTimeOffset now)
        where TState : class
    {
        var state = before?.State ?? kind.Decider.Initial;
        var decision = kind.Decider.Decide(command, state, now);
        if (decision.Rejection is { } rejection)
            return new Plan<TState, TEvent> { Before = before, After = before, Rejection = rejection };
        if (decision.Events.Count == 0)
            return new Plan<TState, TEvent>
            {
                Before = before,
                After = before ?? new EntitySnapshot<TState>(id, state, 0, now, DeadlinesOf(kind, state)),
                Status = before is null ? null : kind.Status(before.State),
            };

        var version = before?.Version ?? 0;
        var stored = new StoredEvent[decision.Events.Count];
        var reactions = new List<OutboxReaction>();
        var webhooks = new OutboxEvent[decision.Events.Count];
        for (var i = 0; i < decision.Events.Count; i++)
        {
            var @event = decision.Events[i];
            state = kind.Decider.Evolve(state, @event);
            version++;
            var e = new StoredEvent(EventId(kind.Name, id, version), kind.Name, id, version, kind.EventType(@event), now,
                JsonSerializer.Serialize(@event, kind.EventJson));
            stored[i] = e;
            webhooks[i] = new OutboxEvent(id.Tenant, e.EventId, e.Type, WebhookEnvelope.Write(e));
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reaction in kind.React(id.Key, @event, now))
            {
                var target = catalog.Get(reaction.Kind);
                var key = $"{e.EventId}>{reaction.Kind}/{reaction.Key}";
                for (var n = 2; !used.Add(key); n++) key = $"{e.EventId}>{reaction.Kind}/{reaction.Key}#{n}";
                reactions.Add(new OutboxReaction(id.Tenant, reaction.Kind, reaction.Key, target.SerializeCommand(reaction.Command), key));
            }
        }
        return new Plan<TState, TEvent>
        {
            Before = before,
            After = new EntitySnapshot<TState>(id, state, version, now, DeadlinesOf(kind, state)),
            Events = decision.Events,
            StoredEvents = stored,
            Reactions = reactions,
            WebhookEvents = webhooks,
            Status = kind.Status(state),
        };
    }

    public static string EventId(string kind, EntityId id, long sequence) => $"{kind}:{id.Tenant}/{id.Key}:{sequence}";

    public static Deadline[] DeadlinesOf<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind, TState state)
        where TState : class
    {
        var deadlines = kind.Decider.Deadlines(state).ToArray();
        if (deadlines.Length > 1 && deadlines.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != deadlines.Length)
            throw new InvalidOperationException($"The '{kind.Name}' decider listed one deadline name twice; names must be unique within an entity.");
        return deadlines;
    }
}
