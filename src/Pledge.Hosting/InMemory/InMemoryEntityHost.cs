using System.Collections.Concurrent;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.Internal;
using Pledge.Hosting.Reactions;

namespace Pledge.Hosting.InMemory;

/// <summary>
/// The embedded default host: everything in this process's memory, nothing durable. One command at a time per
/// entity key (a gate per key); keys never wait on each other.
/// </summary>
public sealed class InMemoryEntityHost : IEntityHost, IDeadlineStore, IReactionStore
{
    private readonly EntityCatalog catalog;
    private readonly TimeProvider clock;
    private readonly HostingMetrics metrics;
    private readonly ConcurrentDictionary<(string Kind, string Tenant), ConcurrentDictionary<string, Slot>> entities = new();

    private readonly Lock deadlineGate = new();
    private readonly Dictionary<(string Kind, string Tenant, string Key, string Name), DeadlineRow> deadlineRows = [];
    private readonly SortedSet<DeadlineRow> deadlinesByDue = new(DeadlineRow.ByDue);
    private readonly ChangeSignal deadlinesChanged = new();
    private long deadlineSeq;

    private readonly Lock reactionGate = new();
    private readonly SortedDictionary<long, ReactionRow> reactions = [];
    private readonly ChangeSignal reactionsChanged = new();
    private long reactionSeq;

    private readonly ConcurrentQueue<OutboxEvent> outboxEvents = new();
    private readonly ChangeSignal eventsChanged = new();

    public InMemoryEntityHost(EntityCatalog catalog, TimeProvider clock, HostingMetrics? metrics = null)
    {
        this.catalog = catalog;
        this.clock = clock;
        this.metrics = metrics ?? new HostingMetrics();
    }

    public Task<CommandResult<TState, TEvent>> SendAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, TCommand command, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Id(id);
        return Core();

        async Task<CommandResult<TState, TEvent>> Core()
        {
            var outcome = await ExecuteAsync(kind, id, command, null, idempotencyKey, cancellationToken).ConfigureAwait(false);
            return outcome.Result;
        }
    }

    public Task<EntitySnapshot<TState>?> GetAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, CancellationToken cancellationToken = default)
        where TState : class
    {
        var snapshot = FindSlot(kind.Name, id)?.Snapshot as EntitySnapshot<TState>;
        return Task.FromResult(snapshot is { Version: > 0 } ? snapshot : null);
    }

    public Task<IReadOnlyList<StoredEvent>> GetHistoryAsync(
        string kind, EntityId id, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit);
        if (FindSlot(kind, id) is not { } slot) return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        lock (slot.Events)
        {
            var start = (int)Math.Clamp(afterSequence, 0, slot.Events.Count);
            return Task.FromResult<IReadOnlyList<StoredEvent>>(slot.Events.Skip(start).Take(limit).ToArray());
        }
    }

    public Task<IReadOnlyList<EntitySnapshot<TState>>> ListAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, string tenant, string? status, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Limit(limit);
        if (!entities.TryGetValue((kind.Name, tenant), out var slots))
            return Task.FromResult<IReadOnlyList<EntitySnapshot<TState>>>([]);
        var page = slots
            .Where(s => afterKey is null || string.CompareOrdinal(s.Key, afterKey) > 0)
            .Select(s => s.Value.Snapshot as EntitySnapshot<TState>)
            .Where(s => s is { Version: > 0 } && (status is null || kind.Status(s.State) == status))
            .OrderBy(s => s!.Id.Key, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
        return Task.FromResult<IReadOnlyList<EntitySnapshot<TState>>>(page!);
    }

    private async Task<Outcome<TState, TEvent>> ExecuteAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, TCommand? command, Deadline? fire, string? idempotencyKey, CancellationToken cancellationToken)
        where TState : class
    {
        catalog.Ensure(kind);
        var slot = entities.GetOrAdd((kind.Name, id.Tenant), _ => new(StringComparer.Ordinal)).GetOrAdd(id.Key, _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = slot.Snapshot as EntitySnapshot<TState>;
            if (idempotencyKey is not null && slot.IdempotencyKeys.Contains(idempotencyKey))
            {
                metrics.Command(kind.Name, "duplicate");
                return new(new(before is { Version: > 0 } ? before : null, [], null, true), null);
            }
            if (fire is not null)
            {
                if (before is null || !before.Deadlines.Contains(fire))
                {
                    DropDeadline(kind.Name, id, fire);
                    return new(new(before, [], null, false), FireOutcome.Stale);
                }
                command = kind.Decider.OnDeadline(fire);
            }

            var plan = Planner.Decide(kind, catalog, id, before is { Version: > 0 } ? before : null, command!, HostTime.Now(clock));
            if (plan.Rejection is not null)
            {
                metrics.Command(kind.Name, "rejected");
                if (fire is not null) DropDeadline(kind.Name, id, fire);
                return new(new(plan.After, [], plan.Rejection, false), FireOutcome.Rejected);
            }

            if (idempotencyKey is not null) slot.IdempotencyKeys.Add(idempotencyKey);
            if (plan.Changed)
            {
                lock (slot.Events) slot.Events.AddRange(plan.StoredEvents);
                slot.Snapshot = plan.After;
                ApplyDeadlines(kind.Name, id, plan.Before?.Deadlines ?? [], plan.After!.Deadlines);
                if (plan.Reactions.Count > 0) AddReactions(plan.Reactions);
                foreach (var e in plan.WebhookEvents) outboxEvents.Enqueue(e);
                eventsChanged.Notify();
            }
            if (fire is not null) DropDeadline(kind.Name, id, fire);
            metrics.Command(kind.Name, "accepted");
            return new(new(plan.After, plan.Events, null, false), FireOutcome.Fired);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Replaces up to <paramref name="limit"/> stored events of a tenant's kind for which <paramref name="rewrite"/> returns a new version.</summary>
    internal int RewriteEvents(string tenant, string kind, int limit, Func<StoredEvent, StoredEvent?> rewrite)
    {
        if (!entities.TryGetValue((kind, tenant), out var slots))
            return 0;
        var changed = 0;
        foreach (var slot in slots.Values)
        {
            lock (slot.Events)
            {
                for (var i = 0; i < slot.Events.Count && changed < limit; i++)
                {
                    if (rewrite(slot.Events[i]) is not { } replacement)
                        continue;
                    slot.Events[i] = replacement;
                    changed++;
                }
            }
            if (changed == limit)
                break;
        }
        return changed;
    }

    private Slot? FindSlot(string kind, EntityId id) =>
        entities.TryGetValue((kind, id.Tenant), out var slots) && slots.TryGetValue(id.Key, out var slot) ? slot : null;

    // ---- deadlines ----

    private void ApplyDeadlines(string kind, EntityId id, IReadOnlyList<Deadline> before, IReadOnlyList<Deadline> after)
    {
        var (upserts, removed) = Planner.Diff(before, after);
        if (upserts.Count == 0 && removed.Count == 0) return;
        lock (deadlineGate)
        {
            foreach (var name in removed)
                if (deadlineRows.Remove((kind, id.Tenant, id.Key, name), out var row))
                    deadlinesByDue.Remove(row);
            foreach (var d in upserts)
            {
                if (deadlineRows.Remove((kind, id.Tenant, id.Key, d.Name), out var old)) deadlinesByDue.Remove(old);
                var row = new DeadlineRow(new DueDeadline(kind, id, d), ++deadlineSeq);
                deadlineRows[(kind, id.Tenant, id.Key, d.Name)] = row;
                deadlinesByDue.Add(row);
            }
        }
        if (upserts.Count > 0) deadlinesChanged.Notify();
    }

    private void DropDeadline(string kind, EntityId id, Deadline deadline)
    {
        lock (deadlineGate)
        {
            var key = (kind, id.Tenant, id.Key, deadline.Name);
            if (deadlineRows.TryGetValue(key, out var row) && row.Due.Deadline == deadline)
            {
                deadlineRows.Remove(key);
                deadlinesByDue.Remove(row);
            }
        }
    }

    /// <summary>How many deadlines are stored (for tests and diagnostics).</summary>
    public int StoredDeadlineCount
    {
        get { lock (deadlineGate) return deadlineRows.Count; }
    }

    Task<IReadOnlyList<DueDeadline>> IDeadlineStore.ClaimAsync(string node, DateTimeOffset dueBefore, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        var claimed = new List<DueDeadline>();
        lock (deadlineGate)
        {
            foreach (var row in deadlinesByDue)
            {
                if (row.Due.Deadline.DueAt > dueBefore || claimed.Count >= limit) break;
                if (row.ClaimedBy is not null && row.LeaseUntil > now) continue;
                row.ClaimedBy = node;
                row.LeaseUntil = leaseUntil;
                claimed.Add(row.Due);
            }
        }
        return Task.FromResult<IReadOnlyList<DueDeadline>>(claimed);
    }

    Task IDeadlineStore.ReleaseAsync(string node, CancellationToken cancellationToken)
    {
        lock (deadlineGate)
            foreach (var row in deadlineRows.Values.Where(r => r.ClaimedBy == node))
                row.ClaimedBy = null;
        return Task.CompletedTask;
    }

    Task<FireOutcome> IDeadlineStore.FireAsync(DueDeadline deadline, CancellationToken cancellationToken) =>
        catalog.Get(deadline.Kind).Accept(new FireVisitor(this, deadline, cancellationToken));

    Task IDeadlineStore.Changed => deadlinesChanged.Next;

    private sealed class FireVisitor(InMemoryEntityHost host, DueDeadline due, CancellationToken cancellationToken) : IEntityKindVisitor<Task<FireOutcome>>
    {
        public async Task<FireOutcome> Visit<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind)
            where TState : class =>
            (await host.ExecuteAsync(kind, due.Id, default, due.Deadline, null, cancellationToken).ConfigureAwait(false)).Fire!.Value;
    }

    // ---- reactions ----

    private void AddReactions(IReadOnlyList<OutboxReaction> added)
    {
        lock (reactionGate)
            foreach (var r in added)
            {
                var id = ++reactionSeq;
                reactions[id] = new ReactionRow(new PendingReaction(id, r.Tenant, r.TargetKind, r.TargetKey, r.CommandJson, r.IdempotencyKey, 0));
            }
        reactionsChanged.Notify();
    }

    Task<IReadOnlyList<PendingReaction>> IReactionStore.ClaimReactionsAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        var claimed = new List<PendingReaction>();
        lock (reactionGate)
            foreach (var row in reactions.Values)
            {
                if (claimed.Count >= limit) break;
                if (row.AvailableAt > now || (row.ClaimedBy is not null && row.LeaseUntil > now)) continue;
                row.ClaimedBy = node;
                row.LeaseUntil = leaseUntil;
                claimed.Add(row.Reaction);
            }
        return Task.FromResult<IReadOnlyList<PendingReaction>>(claimed);
    }

    Task IReactionStore.CompleteReactionAsync(long id, CancellationToken cancellationToken)
    {
        lock (reactionGate) reactions.Remove(id);
        return Task.CompletedTask;
    }

    Task IReactionStore.RetryReactionAsync(long id, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        lock (reactionGate)
            if (reactions.TryGetValue(id, out var row))
            {
                row.Reaction = row.Reaction with { Attempts = row.Reaction.Attempts + 1 };
                row.AvailableAt = notBefore;
                row.ClaimedBy = null;
            }
        return Task.CompletedTask;
    }

    Task IReactionStore.ReleaseReactionsAsync(string node, CancellationToken cancellationToken)
    {
        lock (reactionGate)
            foreach (var row in reactions.Values.Where(r => r.ClaimedBy == node))
                row.ClaimedBy = null;
        return Task.CompletedTask;
    }

    Task IReactionStore.Changed => reactionsChanged.Next;

    /// <summary>How many reactions wait in the outbox (for tests and diagnostics).</summary>
    public int PendingReactionCount
    {
        get { lock (reactionGate) return reactions.Count; }
    }

    // ---- webhook events, consumed by InMemoryWebhookStore ----

    internal bool TryTakeEvent(out OutboxEvent e) => outboxEvents.TryDequeue(out e!);

    internal Task EventsChanged => eventsChanged.Next;

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public readonly List<StoredEvent> Events = [];
        public readonly HashSet<string> IdempotencyKeys = new(StringComparer.Ordinal);
        public volatile object? Snapshot;
    }

    private sealed class DeadlineRow(DueDeadline due, long seq)
    {
        public static readonly IComparer<DeadlineRow> ByDue = Comparer<DeadlineRow>.Create((a, b) =>
        {
            var c = a.Due.Deadline.DueAt.UtcTicks.CompareTo(b.Due.Deadline.DueAt.UtcTicks);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        });

        public DueDeadline Due { get; } = due;
        public long Seq { get; } = seq;
        public string? ClaimedBy { get; set; }
        public DateTimeOffset LeaseUntil { get; set; }
    }

    private sealed class ReactionRow(PendingReaction reaction)
    {
        public PendingReaction Reaction { get; set; } = reaction;
        public string? ClaimedBy { get; set; }
        public DateTimeOffset LeaseUntil { get; set; }
        public DateTimeOffset AvailableAt { get; set; } = DateTimeOffset.MinValue;
    }
}
