using Npgsql;

namespace Pledge.Faults.Tests;

/// <summary>Direct reads of the cluster's database: is background work done, and a fingerprint of everything stored.</summary>
public static class Database
{
    /// <summary>Deadlines already due, reactions and webhook deliveries not yet done; all zero once the cluster has caught up.</summary>
    public static async Task<(long DueDeadlines, long Reactions, long Outbox, long Deliveries)> BacklogAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pledge.deadlines WHERE due_at <= now()),
                   (SELECT count(*) FROM pledge.reaction_outbox),
                   (SELECT count(*) FROM pledge.event_outbox),
                   (SELECT count(*) FROM pledge.webhook_deliveries WHERE dead_at IS NULL)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Event count, event-sequence sum and entity-version sum: any new event or state write changes it.</summary>
    public static async Task<(long Events, long Sequences, long Versions)> FingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pledge.events),
                   (SELECT coalesce(sum(sequence), 0)::bigint FROM pledge.events),
                   (SELECT coalesce(sum(version), 0)::bigint FROM pledge.entities)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Rows of deadlines, reactions and webhook deliveries that <paramref name="node"/> holds claimed.</summary>
    public static async Task<(long Deadlines, long Reactions, long Deliveries)> ClaimedByAsync(string connectionString, string node)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pledge.deadlines WHERE claimed_by = $1),
                   (SELECT count(*) FROM pledge.reaction_outbox WHERE claimed_by = $1),
                   (SELECT count(*) FROM pledge.webhook_deliveries WHERE claimed_by = $1)
            """, connection);
        command.Parameters.Add(new() { Value = node });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public sealed record LeaseRow(string Key, string Name, DateTimeOffset Due, string? ClaimedBy, DateTimeOffset? LeaseUntil);

    /// <summary>The tenant's stored deadlines with their claims; <c>Now</c> is the database's clock.</summary>
    public static Task<(DateTimeOffset Now, IReadOnlyList<LeaseRow> Rows)> DeadlinesAsync(string connectionString, string tenant) =>
        LeasesAsync(connectionString, tenant,
            "SELECT key, name, due_at, claimed_by, lease_until FROM pledge.deadlines WHERE tenant = $1 ORDER BY key, name");

    /// <summary>The tenant's webhook deliveries not yet done (key: event id, name: endpoint) with their claims.</summary>
    public static Task<(DateTimeOffset Now, IReadOnlyList<LeaseRow> Rows)> PendingDeliveriesAsync(string connectionString, string tenant) =>
        LeasesAsync(connectionString, tenant, """
            SELECT event_id, endpoint_id, next_attempt_at, claimed_by, lease_until FROM pledge.webhook_deliveries
            WHERE tenant = $1 AND dead_at IS NULL ORDER BY id
            """);

    /// <summary>Committed events of the tenant not yet fanned out to webhook deliveries, and reactions not yet delivered.</summary>
    public static async Task<(long Outbox, long Reactions)> TenantOutboxAsync(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pledge.event_outbox WHERE tenant = $1),
                   (SELECT count(*) FROM pledge.reaction_outbox WHERE tenant = $1)
            """, connection);
        command.Parameters.Add(new() { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The <c>messageId</c> of every stored <c>message_received</c> event of the tenant, once per event.</summary>
    public static async Task<IReadOnlyList<string>> MessageIdsAsync(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT data->>'messageId' FROM pledge.events WHERE tenant = $1 AND kind = 'conversation' AND type = 'message_received'", connection);
        command.Parameters.Add(new() { Value = tenant });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>
    /// Holds a SHARE lock on <paramref name="table"/> in an open transaction: reads go on, every write to the table
    /// waits until the returned handle is disposed. Stands for a slow database while requests are in flight.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldWritesAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN SHARE MODE", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new WriteHold(connection, transaction);
    }

    /// <summary>How many sessions wait for a lock on <paramref name="table"/>.</summary>
    public static async Task<long> WaitingWritersAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = $1::regclass", connection);
        command.Parameters.Add(new() { Value = table });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(DateTimeOffset Now, IReadOnlyList<LeaseRow> Rows)> LeasesAsync(string connectionString, string tenant, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        DateTimeOffset now;
        await using (var clock = new NpgsqlCommand("SELECT now()", connection))
        await using (var reader = await clock.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            now = reader.GetFieldValue<DateTimeOffset>(0);
        }
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = tenant });
        var rows = new List<LeaseRow>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add(new LeaseRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        return (now, rows);
    }

    private sealed class WriteHold(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
