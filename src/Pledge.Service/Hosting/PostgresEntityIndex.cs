using Npgsql;
using Pledge.Abstractions;

namespace Pledge.Service.Hosting;

/// <summary>The durable index: table <c>pledge.entity_index</c> beside Orleans' own tables.</summary>
public sealed class PostgresEntityIndex(NpgsqlDataSource dataSource) : IEntityIndex
{
    public async Task UpsertAsync(EntityIndexEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO pledge.entity_index (tenant, kind, key, status) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant, kind, key) DO UPDATE SET status = excluded.status
            WHERE pledge.entity_index.status IS DISTINCT FROM excluded.status
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> PageAsync(string tenant, string kind, string? status, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = dataSource.CreateCommand("""
            SELECT key FROM pledge.entity_index
            WHERE tenant = $1 AND kind = $2 AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR key > $4)
            ORDER BY key LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            keys.Add(reader.GetString(0));
        return keys;
    }
}
