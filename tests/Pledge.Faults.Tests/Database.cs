using Npgsql;

namespace Pledge.Faults.Tests;

/// <summary>
/// Direct reads of Orleans' own tables in the cluster's database (deploy/sql/0004_orleans.sql), for what the REST API
/// cannot show: which silos the membership counts alive or dead. Everything Pledge itself stores is checked through
/// the API (see <see cref="ConsistencyChecker"/>). Also a lock that stands for a slow database.
/// </summary>
public static class Database
{
    /// <summary>Orleans' <c>SiloStatus</c> values as stored in <c>orleansmembershiptable.status</c>.</summary>
    public static class SiloStatus
    {
        public const int Joining = 2;
        public const int Active = 3;
        public const int ShuttingDown = 4;
        public const int Stopping = 5;
        public const int Dead = 6;
    }

    public sealed record MembershipRow(string Address, int Port, int Generation, string SiloName, int Status, int? ProxyPort, DateTimeOffset IAmAliveTime);

    /// <summary>The rows of <paramref name="clusterId"/> in the membership table.</summary>
    public static async Task<IReadOnlyList<MembershipRow>> MembershipAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT address, port, generation, siloname, status, proxyport, iamalivetime
            FROM orleansmembershiptable WHERE deploymentid = $1 ORDER BY port, generation
            """, connection);
        command.Parameters.Add(new() { Value = clusterId });
        var rows = new List<MembershipRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new MembershipRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)));
        return rows;
    }

    /// <summary>The status of the silo on <paramref name="siloPort"/> (its latest generation), or null while it has no row.</summary>
    public static async Task<int?> SiloStatusAsync(string connectionString, string clusterId, int siloPort) =>
        (await MembershipAsync(connectionString, clusterId)).Where(r => r.Port == siloPort).MaxBy(r => r.Generation)?.Status;

    /// <summary>How many reminders the service has stored (entity grains keep one while they wait for a deadline).</summary>
    public static async Task<long> RemindersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable", connection);
        return (long)(await command.ExecuteScalarAsync())!;
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
