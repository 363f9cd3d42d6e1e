using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.Internal;
using Pledge.Hosting.Reactions;

namespace Pledge.Hosting.Postgres;

/// <summary>
/// The durable host. Each unit of work — new state, events, deadline changes, outbox rows, idempotency key — is one
/// transaction. Writers to one key serialise on a transaction-scoped advisory lock of the key's hash, taken in hash
/// order; other keys never wait. With <see cref="PledgeHostOptions.BatchCommits"/> concurrent commands are grouped
/// into shared transactions (two round trips and one commit for the whole group); a caller is answered only after
/// its group committed. A group that fails is retried command by command, so one bad command cannot sink others.
/// </summary>
public sealed class PostgresEntityHost : IEntityHost, IDeadlineStore, IReactionStore, IStorageProbe, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly EntityCatalog catalog;
    private readonly TimeProvider clock;
    private readonly PledgeHostOptions options;
    private readonly PostgresNotifications notifications;
    private readonly ILogger logger;
    private readonly HostingMetrics metrics;
    private readonly CommitPipeline? pipeline;

    public PostgresEntityHost(
        NpgsqlDataSource dataSource,
        EntityCatalog catalog,
        TimeProvider clock,
        IOptions<PledgeHostOptions> options,
        PostgresNotifications notifications,
        ILogger<PostgresEntityHost> logger,
        HostingMetrics metrics)
    {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.clock = clock;
        this.options = options.Value;
        this.notifications = notifications;
        this.logger = logger;
        this.metrics = metrics;
        if (this.options.BatchCommits)
            pipeline = new CommitPipeline(ExecuteAsync, this.options.BatchWriters, this.options.MaxBatchSize, this.options.BatchDelay);
    }

    public async Task<CommandResult<TState, TEvent>> SendAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, TCommand command, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Id(id);
        catalog.Ensure(kind);
        var unit = new PendingCommand<TCommand, TEvent, TState>(kind, catalog, id, command, null, idempotencyKey, cancellationToken);
        await SubmitAsync(unit).ConfigureAwait(false);
        return (await unit.Task.ConfigureAwait(false)).Result;
    }

    public async Task<EntitySnapshot<TState>?> GetAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, CancellationToken cancellationToken = default)
        where TState : class
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT key, version, state::text, updated_at FROM pledge.entities WHERE tenant = $1 AND kind = $2 AND key = $3");
            command.Parameters.Add(new() { Value = id.Tenant });
            command.Parameters.Add(new() { Value = kind.Name });
            command.Parameters.Add(new() { Value = id.Key });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSnapshot(reader, kind, id.Tenant) : null;
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> GetHistoryAsync(
        string kind, EntityId id, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit);
        try
        {
            await using var command = dataSource.CreateCommand("""
                SELECT sequence, type, at, data::text FROM pledge.events
                WHERE tenant = $1 AND kind = $2 AND key = $3 AND sequence > $4 ORDER BY sequence LIMIT $5
                """);
            command.Parameters.Add(new() { Value = id.Tenant });
            command.Parameters.Add(new() { Value = kind });
            command.Parameters.Add(new() { Value = id.Key });
            command.Parameters.Add(new() { Value = afterSequence });
            command.Parameters.Add(new() { Value = limit });
            var events = new List<StoredEvent>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequence = reader.GetInt64(0);
                events.Add(new StoredEvent(Planner.EventId(kind, id, sequence), kind, id, sequence, reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
            }
            return events;
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    public async Task<IReadOnlyList<EntitySnapshot<TState>>> ListAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, string tenant, string? status, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Limit(limit);
        try
        {
            await using var command = dataSource.CreateCommand("""
                SELECT key, version, state::text, updated_at FROM pledge.entities
                WHERE tenant = $1 AND kind = $2 AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR key > $4)
                ORDER BY key LIMIT $5
                """);
            command.Parameters.Add(new() { Value = tenant });
            command.Parameters.Add(new() { Value = kind.Name });
            command.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = limit });
            var page = new List<EntitySnapshot<TState>>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                page.Add(ReadSnapshot(reader, kind, tenant));
            return page;
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    private static EntitySnapshot<TState> ReadSnapshot<TCommand, TEvent, TState>(NpgsqlDataReader reader, EntityKind<TCommand, TEvent, TState> kind, string tenant)
        where TState : class
    {
        var state = JsonSerializer.Deserialize(reader.GetString(2), kind.StateJson) ?? throw new JsonException($"Stored {kind.Name} state is null.");
        return new EntitySnapshot<TState>(new EntityId(tenant, reader.GetString(0)), state, reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(3),
            Planner.DeadlinesOf(kind, state));
    }

    async Task IStorageProbe.ProbeAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1 FROM pledge.entities LIMIT 1");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---- the write path ----

    private async Task SubmitAsync(PendingUnit unit)
    {
        if (pipeline is not null)
            pipeline.Enqueue(unit);
        else
            await ExecuteAsync([unit]).ConfigureAwait(false);
    }

    /// <summary>Writes a batch; never throws: every unit ends completed, failed or cancelled.</summary>
    private async Task ExecuteAsync(List<PendingUnit> batch)
    {
        var units = new List<PendingUnit>(batch.Count);
        foreach (var unit in batch)
            if (unit.CancellationToken.IsCancellationRequested) unit.Cancel();
            else units.Add(unit);
        if (units.Count == 0) return;
        try
        {
            await CommitOrReconnectAsync(units).ConfigureAwait(false);
            foreach (var unit in units) unit.Complete(metrics);
            return;
        }
        catch (Exception e) when (units.Count > 1 && !PostgresDataSource.IsUnavailable(e))
        {
            logger.LogDebug(e, "A group commit of {Count} commands failed; committing them one by one.", units.Count);
        }
        catch (Exception e)
        {
            foreach (var unit in units) unit.Fail(PostgresDataSource.Wrap(e));
            return;
        }
        foreach (var unit in units)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await CommitOrReconnectAsync([unit]).ConfigureAwait(false);
                    unit.Complete(metrics);
                    break;
                }
                catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation)
                {
                    // A unique violation here means another node won a race the lock does not cover (e.g. a duplicate key); rerun decides afresh.
                }
                catch (Exception e)
                {
                    unit.Fail(PostgresDataSource.Wrap(e));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// After a database restart every pooled connection is dead. When one fails before anything was written, the
    /// pool is cleared and the commit tried once more on a fresh connection — nothing can have been committed yet.
    /// </summary>
    private async Task CommitOrReconnectAsync(List<PendingUnit> units)
    {
        var progress = new CommitProgress();
        try
        {
            await CommitAsync(units, progress).ConfigureAwait(false);
        }
        catch (Exception e) when (!progress.WriteSent && PostgresDataSource.IsUnavailable(e))
        {
            logger.LogDebug(e, "A pooled connection was broken; retrying on a fresh one.");
            dataSource.Clear();
            await CommitAsync(units, new CommitProgress()).ConfigureAwait(false);
        }
    }

    private sealed class CommitProgress
    {
        public bool WriteSent { get; set; }
    }

    private async Task CommitAsync(List<PendingUnit> units, CommitProgress progress)
    {
        var works = new Dictionary<(string, string, string), EntityWork>();
        var unitWork = new EntityWork[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            if (!works.TryGetValue((u.Kind, u.Id.Tenant, u.Id.Key), out var w))
                works[(u.Kind, u.Id.Tenant, u.Id.Key)] = w = new EntityWork(u.Kind, u.Id);
            unitWork[i] = w;
        }
        var entityList = works.Values.ToArray();
        var idemUnits = units.Where(u => u.IdempotencyKey is not null).ToArray();

        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        var open = false;
        try
        {
            // Round trip 1: begin, lock the keys in hash order (no deadlock between groups), read rows and idempotency keys.
            await using (var read = new NpgsqlBatch(connection))
            {
                read.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                read.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(h) FROM unnest($1::bigint[]) AS h",
                    entityList.Select(w => w.Hash).Distinct().Order().ToArray()));
                read.BatchCommands.Add(Command("""
                    SELECT e.tenant, e.kind, e.key, e.version, e.state::text, e.updated_at
                    FROM unnest($1::text[], $2::text[], $3::text[]) AS u(tenant, kind, key)
                    JOIN pledge.entities e ON e.tenant = u.tenant AND e.kind = u.kind AND e.key = u.key
                    """, entityList.Select(w => w.Id.Tenant).ToArray(), entityList.Select(w => w.Kind).ToArray(), entityList.Select(w => w.Id.Key).ToArray()));
                read.BatchCommands.Add(Command("""
                    SELECT i.tenant, i.kind, i.key, i.idempotency_key
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(tenant, kind, key, ik)
                    JOIN pledge.idempotency_keys i ON i.tenant = u.tenant AND i.kind = u.kind AND i.key = u.key AND i.idempotency_key = u.ik
                    """, idemUnits.Select(u => u.Id.Tenant).ToArray(), idemUnits.Select(u => u.Kind).ToArray(), idemUnits.Select(u => u.Id.Key).ToArray(),
                    idemUnits.Select(u => u.IdempotencyKey!).ToArray()));
                open = true;
                await using var reader = await read.ExecuteReaderAsync().ConfigureAwait(false);
                // Npgsql skips statements without rows (BEGIN): the reader starts on the advisory locks.
                await reader.NextResultAsync().ConfigureAwait(false); // entities
                while (await reader.ReadAsync().ConfigureAwait(false))
                    works[(reader.GetString(1), reader.GetString(0), reader.GetString(2))].Row =
                        (reader.GetInt64(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5));
                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                    works[(reader.GetString(1), reader.GetString(0), reader.GetString(2))].IdempotencyKeys.Add(reader.GetString(3));
            }

            // Decide, in arrival order; commands for one key see each other's effects.
            var now = HostTime.Now(clock);
            var writes = new BatchWrites();
            for (var i = 0; i < units.Count; i++)
                units[i].Prepare(unitWork[i], writes, now);

            // Round trip 2: write everything, commit.
            await using (var write = new NpgsqlBatch(connection))
            {
                var near = AddWrites(write, entityList, writes, now);
                write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                progress.WriteSent = true;
                await write.ExecuteNonQueryAsync().ConfigureAwait(false);
                open = false;
                metrics.Batch(units.Count);
                notifications.Publish((near ? PostgresNotifications.DeadlinesFlag : 0)
                    | (writes.Reactions.Count > 0 ? PostgresNotifications.ReactionsFlag : 0)
                    | (writes.WebhookEvents.Count > 0 ? PostgresNotifications.EventsFlag : 0));
            }
        }
        catch
        {
            if (open && connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                    await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    logger.LogDebug(e, "Rolling back a failed commit failed.");
                }
            }
            throw;
        }
    }

    /// <summary>Adds the batch's set-based writes; returns whether a deadline due within the lookahead was added.</summary>
    private bool AddWrites(NpgsqlBatch batch, EntityWork[] entities, BatchWrites writes, DateTimeOffset now)
    {
        var changed = entities.Where(w => w.Changed).ToArray();
        if (changed.Length > 0)
            batch.BatchCommands.Add(Command("""
                INSERT INTO pledge.entities (tenant, kind, key, version, state, status, updated_at)
                SELECT u.tenant, u.kind, u.key, u.version, u.state::json, u.status, u.updated_at
                FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[])
                    AS u(tenant, kind, key, version, state, status, updated_at)
                ON CONFLICT (tenant, kind, key) DO UPDATE
                SET version = excluded.version, state = excluded.state, status = excluded.status, updated_at = excluded.updated_at
                """,
                changed.Select(w => w.Id.Tenant).ToArray(), changed.Select(w => w.Kind).ToArray(), changed.Select(w => w.Id.Key).ToArray(),
                changed.Select(w => w.Version).ToArray(), changed.Select(w => w.StateJson!).ToArray(), changed.Select(w => w.Status).ToArray(),
                changed.Select(w => w.UpdatedAt.UtcDateTime).ToArray()));

        if (writes.Events.Count > 0)
        {
            var e = writes.Events;
            batch.BatchCommands.Add(Command("""
                INSERT INTO pledge.events (tenant, kind, key, sequence, type, at, data)
                SELECT u.tenant, u.kind, u.key, u.sequence, u.type, u.at, u.data::json
                FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[])
                    AS u(tenant, kind, key, sequence, type, at, data)
                """,
                e.Select(x => x.Id.Tenant).ToArray(), e.Select(x => x.Kind).ToArray(), e.Select(x => x.Id.Key).ToArray(), e.Select(x => x.Sequence).ToArray(),
                e.Select(x => x.Type).ToArray(), e.Select(x => x.At.UtcDateTime).ToArray(), e.Select(x => x.Json).ToArray()));
        }

        var drops = entities.SelectMany(w => w.Drops.Select(d => (w, d))).ToArray();
        if (drops.Length > 0)
            batch.BatchCommands.Add(Command("""
                DELETE FROM pledge.deadlines d
                USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(tenant, kind, key, name, ticks)
                WHERE d.tenant = u.tenant AND d.kind = u.kind AND d.key = u.key AND d.name = u.name AND d.due_ticks = u.ticks
                """,
                drops.Select(x => x.w.Id.Tenant).ToArray(), drops.Select(x => x.w.Kind).ToArray(), drops.Select(x => x.w.Id.Key).ToArray(),
                drops.Select(x => x.d.Name).ToArray(), drops.Select(x => x.d.DueAt.UtcTicks).ToArray()));

        var removed = new List<(EntityWork W, string Name)>();
        var upserts = new List<(EntityWork W, Deadline D)>();
        foreach (var w in changed)
        {
            var (up, gone) = Planner.Diff(w.OriginalDeadlines, w.Deadlines);
            removed.AddRange(gone.Select(n => (w, n)));
            upserts.AddRange(up.Select(d => (w, d)));
        }
        if (removed.Count > 0)
            batch.BatchCommands.Add(Command("""
                DELETE FROM pledge.deadlines d
                USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(tenant, kind, key, name)
                WHERE d.tenant = u.tenant AND d.kind = u.kind AND d.key = u.key AND d.name = u.name
                """,
                removed.Select(x => x.W.Id.Tenant).ToArray(), removed.Select(x => x.W.Kind).ToArray(), removed.Select(x => x.W.Id.Key).ToArray(),
                removed.Select(x => x.Name).ToArray()));
        if (upserts.Count > 0)
            batch.BatchCommands.Add(Command("""
                INSERT INTO pledge.deadlines (tenant, kind, key, name, due_at, due_ticks, due_offset_minutes)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::integer[])
                ON CONFLICT (tenant, kind, key, name) DO UPDATE
                SET due_at = excluded.due_at, due_ticks = excluded.due_ticks, due_offset_minutes = excluded.due_offset_minutes,
                    claimed_by = NULL, lease_until = NULL
                """,
                upserts.Select(x => x.W.Id.Tenant).ToArray(), upserts.Select(x => x.W.Kind).ToArray(), upserts.Select(x => x.W.Id.Key).ToArray(),
                upserts.Select(x => x.D.Name).ToArray(), upserts.Select(x => x.D.DueAt.UtcDateTime).ToArray(), upserts.Select(x => x.D.DueAt.UtcTicks).ToArray(),
                upserts.Select(x => (int)x.D.DueAt.Offset.TotalMinutes).ToArray()));

        if (writes.Idempotency.Count > 0)
        {
            var k = writes.Idempotency;
            batch.BatchCommands.Add(Command("""
                INSERT INTO pledge.idempotency_keys (tenant, kind, key, idempotency_key, created_at)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                """,
                k.Select(x => x.Id.Tenant).ToArray(), k.Select(x => x.Kind).ToArray(), k.Select(x => x.Id.Key).ToArray(), k.Select(x => x.Key).ToArray(),
                k.Select(x => x.At.UtcDateTime).ToArray()));
        }

        if (writes.WebhookEvents.Count > 0)
        {
            var o = writes.WebhookEvents;
            // Only events some endpoint of the tenant subscribes to at commit time: for a tenant without webhooks the
            // outbox row and its removal were a third of a message's cost in the database.
            batch.BatchCommands.Add(Command("""
                INSERT INTO pledge.event_outbox (tenant, event_id, event_type, body, created_at)
                SELECT u.tenant, u.event_id, u.event_type, u.body, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(tenant, event_id, event_type, body)
                WHERE EXISTS (SELECT 1 FROM pledge.webhook_endpoints e
                              WHERE e.tenant = u.tenant AND ('*' = ANY (e.event_types) OR u.event_type = ANY (e.event_types)))
                """,
                o.Select(x => x.Tenant).ToArray(), o.Select(x => x.EventId).ToArray(), o.Select(x => x.Type).ToArray(), o.Select(x => x.Body).ToArray(), now.UtcDateTime));
        }

        if (writes.Reactions.Count > 0)
        {
            var r = writes.Reactions;
            batch.BatchCommands.Add(Command("""
                INSERT INTO pledge.reaction_outbox (tenant, target_kind, target_key, command, idempotency_key, available_at)
                SELECT u.tenant, u.target_kind, u.target_key, u.command::json, u.idempotency_key, $6
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(tenant, target_kind, target_key, command, idempotency_key)
                """,
                r.Select(x => x.Tenant).ToArray(), r.Select(x => x.TargetKind).ToArray(), r.Select(x => x.TargetKey).ToArray(), r.Select(x => x.CommandJson).ToArray(),
                r.Select(x => x.IdempotencyKey).ToArray(), now.UtcDateTime));
        }

        return upserts.Any(x => x.D.DueAt <= now + options.DeadlineLookahead);
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }

    // ---- deadlines ----

    async Task<IReadOnlyList<DueDeadline>> IDeadlineStore.ClaimAsync(string node, DateTimeOffset dueBefore, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("""
                UPDATE pledge.deadlines d SET claimed_by = $1, lease_until = $2
                FROM (SELECT tenant, kind, key, name FROM pledge.deadlines
                      WHERE due_at <= $3 AND (lease_until IS NULL OR lease_until <= $4)
                      ORDER BY due_at LIMIT $5 FOR UPDATE SKIP LOCKED) c
                WHERE d.tenant = c.tenant AND d.kind = c.kind AND d.key = c.key AND d.name = c.name
                RETURNING d.tenant, d.kind, d.key, d.name, d.due_ticks, d.due_offset_minutes
                """);
            command.Parameters.Add(new() { Value = node });
            command.Parameters.Add(new() { Value = leaseUntil.UtcDateTime });
            command.Parameters.Add(new() { Value = dueBefore.UtcDateTime });
            command.Parameters.Add(new() { Value = now.UtcDateTime });
            command.Parameters.Add(new() { Value = limit });
            var claimed = new List<DueDeadline>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var offset = TimeSpan.FromMinutes(reader.GetInt32(5));
                var due = new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero).ToOffset(offset);
                claimed.Add(new DueDeadline(reader.GetString(1), new EntityId(reader.GetString(0), reader.GetString(2)), new Deadline(reader.GetString(3), due)));
            }
            return claimed;
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    async Task IDeadlineStore.ReleaseAsync(string node, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE pledge.deadlines SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1");
        command.Parameters.Add(new() { Value = node });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    Task<FireOutcome> IDeadlineStore.FireAsync(DueDeadline deadline, CancellationToken cancellationToken) =>
        catalog.Get(deadline.Kind).Accept(new FireVisitor(this, deadline, cancellationToken));

    Task IDeadlineStore.Changed => notifications.Deadlines.Next;

    private sealed class FireVisitor(PostgresEntityHost host, DueDeadline due, CancellationToken cancellationToken) : IEntityKindVisitor<Task<FireOutcome>>
    {
        public async Task<FireOutcome> Visit<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind)
            where TState : class
        {
            var unit = new PendingCommand<TCommand, TEvent, TState>(kind, host.catalog, due.Id, default, due.Deadline, null, cancellationToken);
            await host.SubmitAsync(unit).ConfigureAwait(false);
            return (await unit.Task.ConfigureAwait(false)).Fire!.Value;
        }
    }

    // ---- reactions ----

    async Task<IReadOnlyList<PendingReaction>> IReactionStore.ClaimReactionsAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("""
                UPDATE pledge.reaction_outbox r SET claimed_by = $1, lease_until = $2
                FROM (SELECT id FROM pledge.reaction_outbox
                      WHERE available_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
                      ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) c
                WHERE r.id = c.id
                RETURNING r.id, r.tenant, r.target_kind, r.target_key, r.command::text, r.idempotency_key, r.attempts
                """);
            command.Parameters.Add(new() { Value = node });
            command.Parameters.Add(new() { Value = leaseUntil.UtcDateTime });
            command.Parameters.Add(new() { Value = now.UtcDateTime });
            command.Parameters.Add(new() { Value = limit });
            var claimed = new List<PendingReaction>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                claimed.Add(new PendingReaction(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6)));
            return claimed.OrderBy(r => r.Id).ToArray();
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    async Task IReactionStore.CompleteReactionAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM pledge.reaction_outbox WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task IReactionStore.RetryReactionAsync(long id, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pledge.reaction_outbox SET attempts = attempts + 1, available_at = $2, claimed_by = NULL, lease_until = NULL WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = notBefore.UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task IReactionStore.ReleaseReactionsAsync(string node, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE pledge.reaction_outbox SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1");
        command.Parameters.Add(new() { Value = node });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    Task IReactionStore.Changed => notifications.Reactions.Next;

    /// <summary>Drains the commit pipeline: queued commands are still written and answered.</summary>
    public async ValueTask DisposeAsync()
    {
        if (pipeline is not null) await pipeline.DisposeAsync().ConfigureAwait(false);
    }
}
