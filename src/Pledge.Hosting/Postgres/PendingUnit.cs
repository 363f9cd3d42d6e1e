using System.Text.Json;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.Internal;

namespace Pledge.Hosting.Postgres;

/// <summary>One command waiting for a (group) commit; decided inside the transaction that writes it.</summary>
internal abstract class PendingUnit(string kind, EntityId id, string? idempotencyKey, CancellationToken cancellationToken)
{
    public string Kind { get; } = kind;
    public EntityId Id { get; } = id;
    public string? IdempotencyKey { get; } = idempotencyKey;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Decides against the entity as it stands in this batch and records the writes; must not throw after recording any.</summary>
    public abstract void Prepare(EntityWork work, BatchWrites writes, DateTimeOffset now);

    /// <summary>Hands the prepared result to the caller; called only after COMMIT succeeded.</summary>
    public abstract void Complete(HostingMetrics metrics);

    public abstract void Fail(Exception e);

    public abstract void Cancel();
}

internal sealed class PendingCommand<TCommand, TEvent, TState>(
    EntityKind<TCommand, TEvent, TState> kind,
    EntityCatalog catalog,
    EntityId id,
    TCommand? command,
    Deadline? fire,
    string? idempotencyKey,
    CancellationToken cancellationToken)
    : PendingUnit(kind.Name, id, idempotencyKey, cancellationToken)
    where TState : class
{
    private readonly TaskCompletionSource<Outcome<TState, TEvent>> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Outcome<TState, TEvent>? result;
    private string outcome = "";

    public Task<Outcome<TState, TEvent>> Task => done.Task;

    public override void Prepare(EntityWork work, BatchWrites writes, DateTimeOffset now)
    {
        var before = work.Current(kind);
        if (IdempotencyKey is not null && work.IdempotencyKeys.Contains(IdempotencyKey))
        {
            (result, outcome) = (new(new(before, [], null, true), null), "duplicate");
            return;
        }
        var toRun = command;
        if (fire is not null)
        {
            if (before is null || !before.Deadlines.Contains(fire))
            {
                work.Drops.Add(fire);
                (result, outcome) = (new(new(before, [], null, false), FireOutcome.Stale), "");
                return;
            }
            toRun = kind.Decider.OnDeadline(fire);
        }

        var plan = Planner.Decide(kind, catalog, Id, before, toRun!, now);
        if (plan.Rejection is not null)
        {
            if (fire is not null) work.Drops.Add(fire);
            (result, outcome) = (new(new(plan.After, [], plan.Rejection, false), FireOutcome.Rejected), "rejected");
            return;
        }
        var stateJson = plan.Changed ? JsonSerializer.Serialize(plan.After!.State, kind.StateJson) : null;

        if (IdempotencyKey is not null)
        {
            work.IdempotencyKeys.Add(IdempotencyKey);
            writes.Idempotency.Add((Kind, Id, IdempotencyKey, now));
        }
        if (plan.Changed)
        {
            work.Advance(plan.After!, stateJson!, plan.Status);
            writes.Events.AddRange(plan.StoredEvents);
            writes.WebhookEvents.AddRange(plan.WebhookEvents);
            writes.Reactions.AddRange(plan.Reactions);
        }
        if (fire is not null) work.Drops.Add(fire);
        (result, outcome) = (new(new(plan.After, plan.Events, null, false), FireOutcome.Fired), "accepted");
    }

    public override void Complete(HostingMetrics metrics)
    {
        if (outcome.Length > 0) metrics.Command(Kind, outcome);
        done.TrySetResult(result!.Value);
    }

    public override void Fail(Exception e) => done.TrySetException(e);

    public override void Cancel() => done.TrySetCanceled(CancellationToken);
}

/// <summary>One entity touched by a batch: its row as loaded, and how the batch's commands moved it.</summary>
internal sealed class EntityWork(string kind, EntityId id)
{
    private bool loaded;

    public string Kind { get; } = kind;
    public EntityId Id { get; } = id;
    public long Hash { get; } = KeyHash.Of(kind, id);

    /// <summary>The committed row, when the entity exists: version, state JSON, updated at.</summary>
    public (long Version, string State, DateTimeOffset UpdatedAt)? Row { get; set; }

    public HashSet<string> IdempotencyKeys { get; } = new(StringComparer.Ordinal);

    public object? Snapshot { get; private set; }
    public IReadOnlyList<Deadline> OriginalDeadlines { get; private set; } = [];
    public IReadOnlyList<Deadline> Deadlines { get; private set; } = [];
    public bool Changed { get; private set; }
    public string? StateJson { get; private set; }
    public string? Status { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public List<Deadline> Drops { get; } = [];

    public EntitySnapshot<TState>? Current<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind)
        where TState : class
    {
        if (!loaded)
        {
            loaded = true;
            if (Row is { } row)
            {
                var state = JsonSerializer.Deserialize(row.State, kind.StateJson) ?? throw new JsonException($"Stored {kind.Name} state of {Id} is null.");
                var deadlines = Planner.DeadlinesOf(kind, state);
                Snapshot = new EntitySnapshot<TState>(Id, state, row.Version, row.UpdatedAt, deadlines);
                OriginalDeadlines = Deadlines = deadlines;
            }
        }
        return (EntitySnapshot<TState>?)Snapshot;
    }

    public void Advance<TState>(EntitySnapshot<TState> after, string stateJson, string? status)
    {
        Snapshot = after;
        Deadlines = after.Deadlines;
        Changed = true;
        StateJson = stateJson;
        Status = status;
        Version = after.Version;
        UpdatedAt = after.UpdatedAt;
    }
}

/// <summary>Everything a batch writes, gathered so each table gets one set-based statement.</summary>
internal sealed class BatchWrites
{
    public List<(string Kind, EntityId Id, string Key, DateTimeOffset At)> Idempotency { get; } = [];
    public List<StoredEvent> Events { get; } = [];
    public List<OutboxEvent> WebhookEvents { get; } = [];
    public List<OutboxReaction> Reactions { get; } = [];
}
