using Npgsql;
using NpgsqlTypes;
using Pledge.Hosting.Postgres;

namespace Pledge.Hosting.Retention;

/// <summary>
/// Redaction in PostgreSQL: one transaction per batch rewrites the events and the outbox and delivery rows that still
/// carry them. Rows are locked in a fixed order and not skipped: a node sweeping while another does waits for it, so
/// that when a sweep returns, everything before its cut-off is redacted.
/// </summary>
public sealed class PostgresEventRetention(NpgsqlDataSource dataSource) : IEventRetention
{
    public async Task<int> RedactAsync(Redaction redaction, CancellationToken cancellationToken = default)
    {
        JsonRedaction.CheckNames(redaction);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var changed = await RedactEventsAsync(connection, transaction, redaction, cancellationToken).ConfigureAwait(false);
            foreach (var table in new[] { "event_outbox", "webhook_deliveries" })
                await RedactEnvelopesAsync(connection, transaction, table, redaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return changed;
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    private static async Task<int> RedactEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Redaction r, CancellationToken cancellationToken)
    {
        // The literals match the partial index of migration 0003 for message texts.
        var rows = new List<(string Key, long Sequence, string Data)>();
        await using (var select = new NpgsqlCommand($"""
            SELECT key, sequence, data::text FROM pledge.events
            WHERE tenant = $1 AND kind = '{r.Kind}' AND type = '{r.EventType}' AND at < $2 AND (data->>'{r.Field}') IS NOT NULL
            ORDER BY at, key, sequence LIMIT $3 FOR UPDATE
            """, connection, transaction))
        {
            select.Parameters.Add(new() { Value = r.Tenant });
            select.Parameters.Add(new() { Value = r.Before.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            select.Parameters.Add(new() { Value = r.Limit });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        }
        var changed = rows.Select(row => (row.Key, row.Sequence, Data: JsonRedaction.NullField(row.Data, r.Field))).Where(row => row.Data is not null).ToArray();
        if (changed.Length == 0)
            return 0;
        await using var update = new NpgsqlCommand($"""
            UPDATE pledge.events e SET data = v.data::json
            FROM unnest($2::text[], $3::bigint[], $4::text[]) AS v(key, sequence, data)
            WHERE e.tenant = $1 AND e.kind = '{r.Kind}' AND e.key = v.key AND e.sequence = v.sequence
            """, connection, transaction);
        update.Parameters.Add(new() { Value = r.Tenant });
        update.Parameters.Add(new() { Value = changed.Select(c => c.Key).ToArray() });
        update.Parameters.Add(new() { Value = changed.Select(c => c.Sequence).ToArray() });
        update.Parameters.Add(new() { Value = changed.Select(c => c.Data!).ToArray() });
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return changed.Length;
    }

    private static async Task RedactEnvelopesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, Redaction r, CancellationToken cancellationToken)
    {
        // A row's created_at is when it was queued, which may be long after the event: the envelope's "at" is the event's.
        var rows = new List<(long Id, string Body)>();
        await using (var select = new NpgsqlCommand($"""
            SELECT id, body FROM pledge.{table}
            WHERE tenant = $1 AND event_type = '{r.EventType}' AND (body::json->>'at')::timestamptz < $2
                AND (body::json->'data'->>'{r.Field}') IS NOT NULL
            ORDER BY id LIMIT $3 FOR UPDATE
            """, connection, transaction))
        {
            select.Parameters.Add(new() { Value = r.Tenant });
            select.Parameters.Add(new() { Value = r.Before.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            select.Parameters.Add(new() { Value = r.Limit });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        var changed = rows.Select(row => (row.Id, Body: JsonRedaction.NullField(row.Body, "data", r.Field))).Where(row => row.Body is not null).ToArray();
        if (changed.Length == 0)
            return;
        await using var update = new NpgsqlCommand($"""
            UPDATE pledge.{table} t SET body = v.body FROM unnest($1::bigint[], $2::text[]) AS v(id, body) WHERE t.id = v.id
            """, connection, transaction);
        update.Parameters.Add(new() { Value = changed.Select(c => c.Id).ToArray() });
        update.Parameters.Add(new() { Value = changed.Select(c => c.Body!).ToArray() });
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
