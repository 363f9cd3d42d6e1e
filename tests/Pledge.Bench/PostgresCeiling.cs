using System.Diagnostics;
using Npgsql;

namespace Pledge.Bench;

/// <summary>What step 1 measured.</summary>
internal sealed record CeilingResult(double TransactionsPerSecond);

/// <summary>
/// Step 1: what the database alone does — single-row upsert transactions (autocommit, prepared) from as many
/// concurrent connections as step 2 has clients. The yardstick a message's cost is compared with.
/// </summary>
internal static class PostgresCeiling
{
    public static async Task<CeilingResult> RunAsync(string connectionString, int postmaster, BenchSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = settings.Concurrency + 4, ApplicationName = "pledge-bench-ceiling" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS bench_upserts (key bigint PRIMARY KEY, value bigint NOT NULL, updated_at timestamptz NOT NULL)"))
            await create.ExecuteNonQueryAsync();

        const int keySpace = 100_000;
        var measuring = 0;
        var stop = 0;
        var counts = new long[settings.Concurrency];
        var clients = Enumerable.Range(0, settings.Concurrency).Select(client => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO bench_upserts (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                connection);
            var key = new NpgsqlParameter<long>();
            var value = new NpgsqlParameter<long>();
            upsert.Parameters.Add(key);
            upsert.Parameters.Add(value);
            await upsert.PrepareAsync();
            var random = new Random(client);
            while (Volatile.Read(ref stop) == 0)
            {
                key.TypedValue = random.Next(keySpace);
                value.TypedValue = random.NextInt64();
                await upsert.ExecuteNonQueryAsync();
                if (Volatile.Read(ref measuring) == 1) counts[client]++;
            }
        })).ToArray();

        await Task.Delay(settings.Warmup);
        await PostgresProfile.ResetAsync(connectionString);
        var cpu = new CpuUse().AddPostgres(postmaster).AddSelf().Start();
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(settings.Saturation);
        Volatile.Write(ref measuring, 0);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cost = cpu.PerOperation(counts.Sum(), "transaction");
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(clients);

        var tps = counts.Sum() / elapsed.TotalSeconds;
        Report.Line($"{settings.Concurrency} connections, single-row upsert per transaction: {Report.Number(tps)} transactions/s over {elapsed.TotalSeconds:0.0} s");
        Report.Line(cost);
        await PostgresProfile.ReportAsync("ceiling", connectionString, counts.Sum(), "transaction");
        return new CeilingResult(tps);
    }
}
