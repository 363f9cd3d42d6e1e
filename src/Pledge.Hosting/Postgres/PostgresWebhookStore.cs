using Npgsql;
using NpgsqlTypes;
using Pledge.Hosting.Internal;
using Pledge.Hosting.Webhooks;

namespace Pledge.Hosting.Postgres;

/// <summary>Webhook endpoints, deliveries and dead letters in PostgreSQL; deliveries are claimed with a lease and SKIP LOCKED.</summary>
public sealed class PostgresWebhookStore(NpgsqlDataSource dataSource, TimeProvider clock, PostgresNotifications notifications) : IWebhookStore, IWebhookQueue
{
    public async Task<CreatedWebhook> CreateAsync(string tenant, string url, IReadOnlyList<string> eventTypes, CancellationToken cancellationToken = default)
    {
        var (checkedUrl, types) = WebhookInput.Validate(url, eventTypes);
        var endpoint = new WebhookEndpoint(WebhookInput.NewId(), tenant, checkedUrl, types, HostTime.Now(clock));
        var secret = WebhookInput.NewSecret();
        await RunAsync("INSERT INTO pledge.webhook_endpoints (tenant, id, url, event_types, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            cancellationToken, tenant, endpoint.Id, endpoint.Url, types, secret, endpoint.CreatedAt.UtcDateTime).ConfigureAwait(false);
        return new CreatedWebhook(endpoint, secret);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenant, CancellationToken cancellationToken = default) =>
        await ReadEndpointsAsync("WHERE tenant = $1 ORDER BY created_at, id", cancellationToken, tenant).ConfigureAwait(false);

    public async Task<WebhookEndpoint?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        (await ReadEndpointsAsync("WHERE tenant = $1 AND id = $2", cancellationToken, tenant, id).ConfigureAwait(false)).SingleOrDefault();

    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        await RunAsync("DELETE FROM pledge.webhook_endpoints WHERE tenant = $1 AND id = $2", cancellationToken, tenant, id).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<WebhookDeadLetter>> ListDeadLettersAsync(string tenant, long? afterId, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit);
        return await QueryAsync("""
            SELECT id, endpoint_id, event_id, event_type, attempts, created_at, dead_at, last_error FROM pledge.webhook_deliveries
            WHERE tenant = $1 AND dead_at IS NOT NULL AND id > $2 ORDER BY id LIMIT $3
            """, r => new WebhookDeadLetter(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetString(7)),
            cancellationToken, tenant, afterId ?? 0L, limit).ConfigureAwait(false);
    }

    async Task<int> IWebhookQueue.FanOutAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var counts = await QueryAsync("""
            WITH taken AS (
                DELETE FROM pledge.event_outbox
                WHERE id IN (SELECT id FROM pledge.event_outbox ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING id, tenant, event_id, event_type, body),
            added AS (
                INSERT INTO pledge.webhook_deliveries (tenant, endpoint_id, event_id, event_type, body, created_at, next_attempt_at)
                SELECT t.tenant, e.id, t.event_id, t.event_type, t.body, $1, $1
                FROM taken t JOIN pledge.webhook_endpoints e
                  ON e.tenant = t.tenant AND ('*' = ANY (e.event_types) OR t.event_type = ANY (e.event_types))
                ORDER BY t.id, e.created_at
                RETURNING 1)
            SELECT (SELECT count(*) FROM taken)::int, (SELECT count(*) FROM added)::int AS deliveries
            """, r => r.GetInt32(0), cancellationToken, now.UtcDateTime, limit).ConfigureAwait(false);
        return counts[0];
    }

    async Task<IReadOnlyList<WebhookDelivery>> IWebhookQueue.ClaimDeliveriesAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        await QueryAsync("""
            WITH claimed AS (
                UPDATE pledge.webhook_deliveries d SET claimed_by = $1, lease_until = $2
                FROM (SELECT id FROM pledge.webhook_deliveries
                      WHERE dead_at IS NULL AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
                      ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) c
                WHERE d.id = c.id
                RETURNING d.id, d.tenant, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempts, d.created_at)
            SELECT c.id, c.tenant, c.endpoint_id, e.url, e.secret, c.event_id, c.event_type, c.body, c.attempts, c.created_at
            FROM claimed c JOIN pledge.webhook_endpoints e ON e.tenant = c.tenant AND e.id = c.endpoint_id
            ORDER BY c.id
            """, r => new WebhookDelivery(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                r.GetString(7), r.GetInt32(8), r.GetFieldValue<DateTimeOffset>(9)),
            cancellationToken, node, leaseUntil.UtcDateTime, now.UtcDateTime, limit).ConfigureAwait(false);

    async Task IWebhookQueue.CompleteDeliveryAsync(long id, CancellationToken cancellationToken) =>
        await RunAsync("DELETE FROM pledge.webhook_deliveries WHERE id = $1", cancellationToken, id).ConfigureAwait(false);

    async Task IWebhookQueue.FailDeliveryAsync(long id, DateTimeOffset? retryAt, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await RunAsync("""
            UPDATE pledge.webhook_deliveries
            SET attempts = attempts + 1, last_error = $3, claimed_by = NULL, lease_until = NULL,
                next_attempt_at = COALESCE($2, next_attempt_at), dead_at = CASE WHEN $2 IS NULL THEN $4 END
            WHERE id = $1
            """, cancellationToken, id, (object?)retryAt?.UtcDateTime ?? Typed(NpgsqlDbType.TimestampTz), error.Length > 500 ? error[..500] : error, now.UtcDateTime).ConfigureAwait(false);

    async Task IWebhookQueue.ReleaseDeliveriesAsync(string node, CancellationToken cancellationToken) =>
        await RunAsync("UPDATE pledge.webhook_deliveries SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1", cancellationToken, node).ConfigureAwait(false);

    async Task<DateTimeOffset?> IWebhookQueue.NextDueAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT min(next_attempt_at) FROM pledge.webhook_deliveries WHERE dead_at IS NULL",
            r => r.IsDBNull(0) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(0), cancellationToken).ConfigureAwait(false))[0];

    Task IWebhookQueue.Changed => notifications.Events.Next;

    private static NpgsqlParameter Typed(NpgsqlDbType type) => new() { Value = DBNull.Value, NpgsqlDbType = type };

    private async Task<IReadOnlyList<WebhookEndpoint>> ReadEndpointsAsync(string where, CancellationToken cancellationToken, params object[] values) =>
        await QueryAsync($"SELECT id, tenant, url, event_types, created_at FROM pledge.webhook_endpoints {where}",
            r => new WebhookEndpoint(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.GetFieldValue<DateTimeOffset>(4)),
            cancellationToken, values).ConfigureAwait(false);

    private async Task<int> RunAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        try
        {
            await using var command = Create(sql, values);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] values)
    {
        try
        {
            await using var command = Create(sql, values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(map(reader));
            return rows;
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    private NpgsqlCommand Create(string sql, object?[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
