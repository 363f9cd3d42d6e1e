using Npgsql;

namespace Pledge.Bench;

/// <summary>
/// What the durable cluster has written, read from Orleans' own grain-storage table (deploy/sql/0004_orleans.sql):
/// a grain's row gets a new <c>modifiedon</c> with each write of its state. After a silo starts on conversations that
/// nothing else touches, each such write is a deadline firing (its breach is written before it is acknowledged).
/// Reading the table activates no grain, so counting does not make deadlines fire.
/// </summary>
internal static class GrainStorage
{
    public static async Task<long> WrittenSinceAsync(NpgsqlDataSource dataSource, DateTime sinceUtc)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orleansstorage WHERE modifiedon >= $1");
        command.Parameters.Add(new NpgsqlParameter { Value = DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc) });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> RowsAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Rows written (inserted or updated) and deleted in the reminder table so far, from PostgreSQL's statistics:
    /// every reminder registration and removal a silo makes is one of them.
    /// </summary>
    public static async Task<(long Written, long Deleted)> ReminderChangesAsync(NpgsqlDataSource dataSource)
    {
        // The statistics of a finished transaction reach the view within a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var command = dataSource.CreateCommand(
            "SELECT n_tup_ins + n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE relname = 'orleansreminderstable'");
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>VACUUM ANALYZE of the tables a silo start reads and writes, then a CHECKPOINT; returns how long it took.</summary>
    public static async Task<TimeSpan> SettleAsync(NpgsqlDataSource dataSource)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var sql in new[] { "VACUUM ANALYZE orleansstorage", "VACUUM ANALYZE orleansreminderstable", "VACUUM ANALYZE pledge.entity_index", "CHECKPOINT" })
        {
            await using var command = dataSource.CreateCommand(sql);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }
}
