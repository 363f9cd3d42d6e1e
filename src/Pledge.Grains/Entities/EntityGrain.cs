using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pledge.Abstractions;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Hosting.Internal;
using Pledge.Hosting.Retention;
using Pledge.Service.Hosting;
using Pledge.Service.Observability;

namespace Pledge.Grains.Entities;

/// <summary>Constants shared by every entity grain.</summary>
public static class EntityGrainBase
{
    /// <summary>
    /// Events per sealed log page; the tail written with each command holds fewer. Small pages keep the record small
    /// (the tail is most of it); a record keeps the page size it was sealed with.
    /// </summary>
    public const int PageSize = 16;

    /// <summary>The page size of records written before it was stored with them.</summary>
    public const int FirstPageSize = 32;

    /// <summary>The one reminder per entity: aimed at its earliest deadline, re-armed on each tick.</summary>
    public const string ReminderName = "deadlines";

    /// <summary>
    /// The longest a grain timer is armed for: Orleans refuses timers beyond about 49 days, and a timer that wakes
    /// before the deadline simply re-arms (the reminder keeps the far deadline across deactivation).
    /// </summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);
}

/// <summary>
/// One entity as a grain: decide → persist (state, log tail, deadlines, outbox in one write) → acknowledge →
/// deliver the outbox. Deadlines fire from a grain timer while the grain is active and from its one reminder when it
/// is not; firing re-checks the clock and the state, so a deadline never fires early and a stale one is ignored.
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public abstract class EntityGrain<TCommand, TEvent, TState> : Grain, IEntityGrain, IRemindable
    where TState : class
{
    private readonly EntityKind<TCommand, TEvent, TState> kind;
    private readonly EntityRuntime runtime;
    private readonly IPersistentState<EntityRecord> store;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly HashSet<string> idempotencyKeys = new(StringComparer.Ordinal);
    private readonly HashSet<Deadline> refused = [];
    private EntityId id;
    private EntitySnapshot<TState>? snapshot;
    private List<LoggedEvent> tail = [];
    private int sealedPages;
    private int pageSize = EntityGrainBase.PageSize;
    private List<ReactionEntry> reactions = [];
    private List<WebhookEvent> webhooks = [];
    private EntityIndexEntry? index;
    private IGrainTimer? deadlineTimer;
    private DateTimeOffset? timerDue;
    private IGrainTimer? outboxTimer;
    private IGrainTimer? reaimTimer;
    private DateTimeOffset outboxDue;
    private DateTimeOffset? reminderTick;
    private IGrainReminder? reminder;
    private bool delivering;
    private bool outboxDirty;
    private (TState State, string Json)? written;

    protected EntityGrain(EntityKind<TCommand, TEvent, TState> kind, EntityRuntime runtime)
    {
        this.kind = kind;
        this.runtime = runtime;
        // Orleans' AdoNet storage keys a row by state name and grain key, not by grain type: an owner and its conduct
        // record share a key, so each kind persists under its own name.
        store = runtime.States.Create<EntityRecord>(GrainContext, new PersistentStateAttribute(kind.Name, EntityRuntime.StorageName));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        id = EntityKey.Parse(this.GetPrimaryKeyString());
        var record = store.State;
        if (record.StateJson is { } json && record.Version > 0)
            snapshot = new EntitySnapshot<TState>(id, JsonSerializer.Deserialize(json, kind.StateJson)!, record.Version, record.UpdatedAt,
                record.Deadlines.Select(d => d.ToDeadline()).ToArray());
        idempotencyKeys.UnionWith(record.IdempotencyKeys);
        tail = [.. record.Tail];
        sealedPages = record.SealedPages;
        if (record.Version > 0 || record.SealedPages > 0)
            pageSize = record.PageSize > 0 ? record.PageSize : EntityGrainBase.FirstPageSize;
        reactions = [.. record.Reactions];
        webhooks = [.. record.Webhooks];
        index = record.Index;
        // Whatever fell due while no silo held this entity fires now, not at the reminder's next boundary.
        ArmDeadlineTimer();
        if (reactions.Count > 0 || webhooks.Count > 0)
            ScheduleOutbox(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not while the silo shuts down: every grain writing at once would hold the shutdown (and memory storage is
        // going anyway); the next activation redelivers that outbox, which the receivers de-duplicate.
        if (!outboxDirty || reason.ReasonCode == DeactivationReasonCode.ShuttingDown) return;
        try
        {
            await WriteAsync();
        }
        catch (Exception e)
        {
            // Only the record of a delivered outbox is lost: the next activation delivers it again, receivers de-duplicate.
            runtime.Logger.LogWarning(e, "Writing the delivered outbox of {Kind} {Id} on deactivation failed.", kind.Name, id);
        }
    }

    public async Task<EntityReply> SendAsync(EntityCall call)
    {
        if (call.IdempotencyKey is { } key && idempotencyKeys.Contains(key))
        {
            runtime.Metrics.Command(kind.Name, "duplicate");
            return new EntityReply(Image(), [], null, true);
        }
        var command = (TCommand)kind.DeserializeCommand(call.CommandJson);
        var plan = await ExecuteAsync(command, call.IdempotencyKey);
        return new EntityReply(
            ImageOf(plan.After),
            plan.StoredEvents.Select(e => e.Json).ToArray(),
            plan.Rejection is { } r ? RejectionEntry.Of(r) : null,
            false);
    }

    public Task<EntityImage?> GetAsync() => Task.FromResult(Image());

    public Task<int> WakeAsync()
    {
        // The caller found this entity's reminder overdue, so it exists and ticks every period: firing need not
        // register it again (at silo start that was one more upsert per overdue entity, all at once).
        var now = runtime.Clock.GetUtcNow();
        reminderTick ??= ReminderTicks.FirstTick(now, now + ReminderTicks.Period);
        return FireDueAsync();
    }

    public async Task<IReadOnlyList<LoggedEvent>> GetHistoryAsync(long afterSequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var result = new List<LoggedEvent>(Math.Min(limit, 256));
        var next = Math.Max(afterSequence, 0) + 1;
        var sealedUpTo = (long)sealedPages * pageSize;
        while (next <= sealedUpTo && result.Count < limit)
        {
            var page = (int)((next - 1) / pageSize);
            var events = (await ReadPageAsync(page)).Events;
            result.AddRange(events.Where(e => e.Sequence >= next).Take(limit - result.Count));
            next = (long)(page + 1) * pageSize + 1;
        }
        if (result.Count < limit)
            result.AddRange(tail.Where(e => e.Sequence >= next).Take(limit - result.Count));
        return result;
    }

    public async Task<int> RedactAsync(string eventType, string field, DateTimeOffset before)
    {
        var changed = 0;
        var redacted = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < sealedPages; page++)
        {
            var state = await ReadPageStateAsync(page);
            var (events, count) = Redact(state.State!.Events, eventType, field, before, redacted);
            if (count == 0) continue;
            state.State = new LogPage { Events = events };
            await runtime.Storage.WriteStateAsync(PageName(page), GrainContext.GrainId, state);
            changed += count;
        }
        var (redactedTail, inTail) = Redact(tail, eventType, field, before, redacted);
        // A redacted event may still wait in the outbox for the webhook grain; its body goes out redacted too.
        var outbox = webhooks.Select(w => redacted.Contains(w.EventId) && JsonRedaction.NullField(w.Body, "data", field) is { } body ? w with { Body = body } : w).ToList();
        if (inTail > 0 || !outbox.SequenceEqual(webhooks))
        {
            tail = redactedTail;
            webhooks = outbox;
            await WriteAsync();
            changed += inTail;
        }
        return changed;
    }

    public static bool IsReminderTick(IInvokable request) => ReminderTicks.Is(request);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        reminderTick = new DateTimeOffset(status.CurrentTickTime, TimeSpan.Zero) + ReminderTicks.Period;
        ArmDeadlineTimer();
        if (reactions.Count > 0 || webhooks.Count > 0)
            ScheduleOutbox(TimeSpan.Zero);
        reaimTimer ??= this.RegisterGrainTimer(async _ =>
        {
            reaimTimer?.Dispose();
            reaimTimer = null;
            await ArmReminderAsync(onTick: true);
        }, new GrainTimerCreationOptions { DueTime = ReminderTicks.ReaimDelay(GrainContext.GrainId), Period = Timeout.InfiniteTimeSpan });
        return Task.CompletedTask;
    }

    // ---- the command pipeline ----

    private async Task<Plan<TState, TEvent>> ExecuteAsync(TCommand command, string? idempotencyKey)
    {
        var now = runtime.Now();
        var plan = Planner.Decide(kind, runtime.Catalog, id, snapshot, command, now);
        if (plan.Rejection is not null)
        {
            runtime.Metrics.Command(kind.Name, "rejected");
            return plan;
        }
        if (idempotencyKey is not null) idempotencyKeys.Add(idempotencyKey);
        if (!plan.Changed)
        {
            runtime.Metrics.Command(kind.Name, "accepted");
            return plan;
        }

        var before = (snapshot, tail, sealedPages, reactions, webhooks, index);
        snapshot = plan.After;
        tail = [.. tail, .. plan.StoredEvents.Select(e => new LoggedEvent(e.Sequence, e.Type, e.At, e.Json))];
        reactions = [.. reactions, .. plan.Reactions.Select(r => new ReactionEntry(r.TargetKind, r.TargetKey, r.CommandJson, r.IdempotencyKey))];
        webhooks = [.. webhooks, .. plan.WebhookEvents.Select(e => new WebhookEvent(e.EventId, e.Type, e.Body))];
        var line = new EntityIndexEntry(id.Tenant, kind.Name, id.Key, plan.Status);
        var reindex = index != line;
        try
        {
            // The wake-up is durable before the fact: a silo lost between the write and a later registration would
            // leave a stored deadline (or outbox) that nothing ever brings back. A reminder that fires early re-arms.
            await ArmReminderAsync();
            await SealFullPagesAsync();
            if (reindex)
                await runtime.Index.UpsertAsync(line);
            index = line;
            await WriteAsync();
        }
        catch (Exception e)
        {
            // Nothing was acknowledged; what reached storage is unknown, so the next call starts from storage again.
            (snapshot, tail, sealedPages, reactions, webhooks, index) = before;
            if (idempotencyKey is not null) idempotencyKeys.Remove(idempotencyKey);
            outboxDirty = false;
            DeactivateOnIdle();
            runtime.Logger.LogError(e, "Persisting {Kind} {Id} failed; nothing was acknowledged.", kind.Name, id);
            throw new StorageUnavailableException($"{kind.Name} {id.Key} could not be persisted; nothing was acknowledged.", e);
        }
        runtime.Metrics.Command(kind.Name, "accepted");
        runtime.Domain.Committed(kind.Name, id.Tenant, plan.After!.State, plan.Events);
        if (reindex && plan.Status is { } status)
            runtime.Domain.StatusChanged(id.Tenant, plan.After.State, status);
        refused.RemoveWhere(d => !plan.After!.Deadlines.Contains(d));
        ArmDeadlineTimer();
        if (plan.WebhookEvents.Count > 0 || plan.Reactions.Count > 0)
            ScheduleOutbox(TimeSpan.Zero);
        return plan;
    }

    private async Task SealFullPagesAsync()
    {
        while (tail.Count >= pageSize)
        {
            var page = new LogPage { Events = tail.Take(pageSize).ToList() };
            var state = await ReadPageStateAsync(sealedPages);
            state.State = page;
            await runtime.Storage.WriteStateAsync(PageName(sealedPages), GrainContext.GrainId, state);
            sealedPages++;
            tail = tail.Skip(pageSize).ToList();
        }
    }

    private async Task WriteAsync()
    {
        await writeGate.WaitAsync();
        try
        {
            store.State = new EntityRecord
            {
                StateJson = snapshot is null ? null : StateJsonOf(snapshot),
                Version = snapshot?.Version ?? 0,
                UpdatedAt = snapshot?.UpdatedAt ?? default,
                Deadlines = snapshot?.Deadlines.Select(DeadlineEntry.Of).ToList() ?? [],
                IdempotencyKeys = [.. idempotencyKeys],
                Reactions = [.. reactions],
                Webhooks = [.. webhooks],
                Tail = [.. tail],
                SealedPages = sealedPages,
                PageSize = pageSize,
                Index = index,
            };
            await store.WriteStateAsync();
            outboxDirty = false;
        }
        finally
        {
            writeGate.Release();
        }
    }

    // ---- deadlines ----

    /// <summary>The earliest deadline still wanted (refused firings wait for a state change).</summary>
    private DateTimeOffset? EarliestDeadline() =>
        snapshot?.Deadlines.Where(d => !refused.Contains(d)).Select(d => (DateTimeOffset?)d.DueAt).Min();

    private void ArmDeadlineTimer()
    {
        var due = EarliestDeadline();
        if (due == timerDue && deadlineTimer is not null) return;
        deadlineTimer?.Dispose();
        deadlineTimer = null;
        timerDue = due;
        if (due is not { } at) return;
        var wait = at - runtime.Clock.GetUtcNow();
        deadlineTimer = this.RegisterGrainTimer(_ => FireDueAsync(), new GrainTimerCreationOptions
        {
            DueTime = wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < EntityGrainBase.LongestTimer ? wait : EntityGrainBase.LongestTimer,
            Period = Timeout.InfiniteTimeSpan,
        });
    }

    /// <summary>
    /// Keeps the one reminder no later than the earliest deadline (or the outbox retry). A command writes it only
    /// when it must move earlier; a tick that comes before a deadline re-aims it (not one that only retries the
    /// outbox: a retry a little early costs less than a write), and one that finds nothing to wait for removes it —
    /// so a busy conversation costs a reminder write per tick, not per message.
    /// </summary>
    private async Task ArmReminderAsync(bool onTick = false)
    {
        var earliest = EarliestDeadline();
        var now = runtime.Clock.GetUtcNow();
        var retryOnly = (reactions.Count > 0 || webhooks.Count > 0) && !(earliest is { } e && e < now + ReminderTicks.Period);
        var wanted = retryOnly ? now + ReminderTicks.Period : earliest;
        if (wanted is not { } at)
        {
            if (onTick)
            {
                await RemoveReminderAsync();
                reminderTick = null;
            }
            return;
        }
        var first = ReminderTicks.FirstTick(now, at);
        if (reminderTick is { } tick && tick <= first && !(onTick && tick < first && !retryOnly)) return;
        reminder = await this.RegisterOrUpdateReminder(EntityGrainBase.ReminderName, first - now, ReminderTicks.Period);
        reminderTick = first;
    }

    /// <summary>
    /// Removes the reminder through the handle this activation registered it with, which spares the reminder table a
    /// read per fired deadline; without one (registered by an earlier activation), or if its tag no longer matches the
    /// stored row, the row is read back first.
    /// </summary>
    private async Task RemoveReminderAsync()
    {
        if (reminder is { } registered)
        {
            reminder = null;
            try
            {
                await this.UnregisterReminder(registered);
                return;
            }
            catch (ReminderException)
            {
            }
        }
        if (await this.GetReminder(EntityGrainBase.ReminderName) is { } stored)
            await this.UnregisterReminder(stored);
    }

    private async Task<int> FireDueAsync()
    {
        deadlineTimer?.Dispose();
        deadlineTimer = null;
        timerDue = null;
        var fired = 0;
        while (snapshot is not null)
        {
            var now = runtime.Now();
            var due = snapshot.Deadlines.Where(d => d.DueAt <= now && !refused.Contains(d)).OrderBy(d => d.DueAt).FirstOrDefault();
            if (due is null) break;
            var plan = await ExecuteAsync(kind.Decider.OnDeadline(due), null);
            var lateness = runtime.Clock.GetUtcNow() - due.DueAt;
            if (plan.Rejection is { } rejection)
            {
                refused.Add(due);
                runtime.Metrics.DeadlineFired(kind.Name, DomainMetrics.DeadlineLabel(due.Name), "rejected", lateness);
                runtime.Logger.LogWarning("Deadline {Deadline} of {Kind} {Id} was refused: {Code}.", due.Name, kind.Name, id, rejection.Code);
            }
            else
            {
                fired++;
                runtime.Metrics.DeadlineFired(kind.Name, DomainMetrics.DeadlineLabel(due.Name), "fired", lateness);
                if (snapshot?.Deadlines.Contains(due) == true)
                {
                    // A decider must stop listing a fired deadline; one that does not would fire for ever.
                    refused.Add(due);
                    runtime.Logger.LogError("The {Kind} decider still lists deadline {Deadline} after firing it.", kind.Name, due.Name);
                }
            }
        }
        ArmDeadlineTimer();
        await ArmReminderAsync();
        return fired;
    }

    // ---- the outbox ----

    private void ScheduleOutbox(TimeSpan after)
    {
        var due = runtime.Clock.GetUtcNow() + after;
        if (delivering || (outboxTimer is not null && outboxDue <= due)) return;
        outboxTimer?.Dispose();
        outboxDue = due;
        outboxTimer = this.RegisterGrainTimer(DeliverOutboxAsync, new GrainTimerCreationOptions
        {
            DueTime = after,
            Period = Timeout.InfiniteTimeSpan,
            // Delivery waits on other grains; interleaving keeps this entity answering meanwhile, and two entities
            // reacting to each other never wait on each other.
            Interleave = true,
        });
    }

    private async Task DeliverOutboxAsync(CancellationToken cancellationToken)
    {
        outboxTimer?.Dispose();
        outboxTimer = null;
        delivering = true;
        var failed = false;
        try
        {
            if (webhooks.Count > 0)
            {
                var batch = webhooks.ToArray();
                try
                {
                    await GrainFactory.GetGrain<IWebhookGrain>(id.Tenant).PublishAsync(batch);
                    webhooks = webhooks.Except(batch).ToList();
                    outboxDirty = true;
                }
                catch (Exception e)
                {
                    failed = true;
                    runtime.Logger.LogWarning(e, "Handing {Count} events of {Kind} {Id} to webhooks failed; retrying.", batch.Length, kind.Name, id);
                }
            }
            foreach (var reaction in reactions.ToArray())
            {
                try
                {
                    var target = EntityGrains.Get(GrainFactory, reaction.TargetKind, new EntityId(id.Tenant, reaction.TargetKey));
                    var reply = await target.SendAsync(new EntityCall(reaction.CommandJson, reaction.IdempotencyKey));
                    if (reply.Rejection is { } r)
                        runtime.Logger.LogInformation("Reaction {Key} was refused by {Kind} {Target}: {Code}.", reaction.IdempotencyKey, reaction.TargetKind, reaction.TargetKey, r.Code);
                    reactions.Remove(reaction);
                    outboxDirty = true;
                    runtime.Metrics.ReactionDelivered(reaction.TargetKind);
                }
                catch (Exception e)
                {
                    failed = true;
                    runtime.Logger.LogWarning(e, "Delivering reaction {Key} failed; retrying.", reaction.IdempotencyKey);
                }
            }
            // The emptied outbox is not written on its own: the next command's write carries it, and so does
            // deactivation. A silo lost before then redelivers at most the last command's outbox, which every
            // receiver de-duplicates by event id; writing here cost a second write per command.
        }
        finally
        {
            delivering = false;
        }
        if (failed && (reactions.Count > 0 || webhooks.Count > 0))
        {
            ScheduleOutbox(TimeSpan.FromSeconds(5));
            await ArmReminderAsync();
        }
        else if (reactions.Count > 0 || webhooks.Count > 0)
        {
            ScheduleOutbox(TimeSpan.Zero);
        }
    }

    // ---- helpers ----

    private EntityImage? Image() => snapshot is { Version: > 0 } s ? ImageOf(s) : null;

    private EntityImage? ImageOf(EntitySnapshot<TState>? s) =>
        s is null ? null : new EntityImage(StateJsonOf(s), s.Version, s.UpdatedAt, s.Deadlines.Select(DeadlineEntry.Of).ToArray());

    /// <summary>The state's JSON, serialized once per state: the write and the reply to the same command share it.</summary>
    private string StateJsonOf(EntitySnapshot<TState> s)
    {
        if (written is { } w && ReferenceEquals(w.State, s.State)) return w.Json;
        var json = JsonSerializer.Serialize(s.State, kind.StateJson);
        written = (s.State, json);
        return json;
    }

    private string PageName(int page) => $"{kind.Name}-log-{page}";

    private async Task<IGrainState<LogPage>> ReadPageStateAsync(int page)
    {
        var state = new GrainState<LogPage>(new LogPage());
        await runtime.Storage.ReadStateAsync(PageName(page), GrainContext.GrainId, state);
        state.State ??= new LogPage();
        return state;
    }

    private async Task<LogPage> ReadPageAsync(int page) => (await ReadPageStateAsync(page)).State!;

    private (List<LoggedEvent> Events, int Changed) Redact(List<LoggedEvent> events, string eventType, string field, DateTimeOffset before, HashSet<string> redacted)
    {
        var changed = 0;
        var result = events.Select(e =>
        {
            if (e.Type != eventType || e.At >= before || JsonRedaction.NullField(e.Json, field) is not { } json) return e;
            changed++;
            redacted.Add(Planner.EventId(kind.Name, id, e.Sequence));
            return e with { Json = json };
        }).ToList();
        return (result, changed);
    }
}
