using Npgsql;

namespace Pledge.Bench;

/// <summary>
/// Where the database's time goes per operation: statement times from <c>pg_stat_statements</c> and WAL written and
/// flushed from <c>pg_stat_wal</c>, reset before a measured window and read after it. Needs the server started with
/// <c>shared_preload_libraries=pg_stat_statements</c>; without it only the WAL figures are printed.
/// </summary>
internal static class PostgresProfile
{
    public const string Library = "pg_stat_statements";

    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (await HasStatementsAsync(connection))
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
        await ExecuteAsync(connection, "SELECT pg_stat_reset_shared('wal')");
    }

    public static async Task ReportAsync(string label, string connectionString, long operations, string unit)
    {
        operations = Math.Max(1, operations);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var wal = new NpgsqlCommand("SELECT wal_records, wal_bytes::bigint, wal_sync FROM pg_stat_wal", connection))
        await using (var reader = await wal.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
                Report.Line($"{label}: WAL per {unit}: {reader.GetInt64(0) / (double)operations:0.0} records, {reader.GetInt64(1) / (double)operations:0} bytes, " +
                    $"{reader.GetInt64(2) / (double)operations:0.000} flushes");
        }
        if (!await HasStatementsAsync(connection)) return;
        await using var top = new NpgsqlCommand("""
            SELECT calls, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 90)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT 10
            """, connection);
        await using var statements = await top.ExecuteReaderAsync();
        var lines = new List<string>();
        var total = 0.0;
        while (await statements.ReadAsync())
        {
            var ms = statements.GetDouble(1);
            total += ms;
            lines.Add($"  {ms * 1000 / operations,7:0.0} µs {statements.GetInt64(0) / (double)operations,6:0.00} calls  {statements.GetString(2)}");
        }
        Report.Line($"{label}: statement time per {unit} (pg_stat_statements, top 10: {total * 1000 / operations:0} µs):");
        foreach (var line in lines) Report.Line(line);
    }

    private static async Task<bool> HasStatementsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
