using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pledge.Domain.Policies;
using Pledge.Hosting.Postgres;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>What step 5 measured: the node's memory at each size, and how long the overdue deadlines took after a start.</summary>
internal sealed record ScaleResult(long RssEmpty, long RssSmall, long RssLarge, TimeSpan FiredSmall, TimeSpan FiredLarge);

/// <summary>
/// Step 5: a PostgreSQL node's memory must not grow with what is stored. A node starts three times: on an
/// empty database; on a tenth of the entities, all overdue; on all of them, with the same number overdue (so both
/// starts do the same work and differ only in what is stored). Each time: from process start until the last
/// overdue deadline is gone from the table, then RSS once the node is idle again.
/// </summary>
internal static class ScaleBench
{
    private static readonly TimeSpan Tier = TimeSpan.FromHours(1);

    private static readonly ConversationPolicy Policy = new(
        "bench-scale", 1, [Tier], ImmutableSortedDictionary<TimeSpan, int>.Empty, null,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(1));

    // A few hundred distinct waiting times vary the due times enough; rows of one time share their JSON.
    private const int Variants = 500;

    public static async Task<ScaleResult> RunAsync(PostgresServer server, BenchSettings settings)
    {
        var connectionString = await server.CreateDatabaseAsync("bench_scale");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();

        var rssEmpty = await RunIdleNodeAsync(connectionString, settings);

        var small = settings.ScaleEntities / 10;
        var overdue = Math.Min(settings.ScaleOverdue, small);
        await TimedLoadAsync(connectionString, 0, small, small);
        var (firedSmall, rssSmall) = await RunNodeWithOverdueAsync($"{small:N0} stored", connectionString, small, settings);

        await TimedLoadAsync(connectionString, small, settings.ScaleEntities - small, overdue);
        var (firedLarge, rssLarge) = await RunNodeWithOverdueAsync($"{settings.ScaleEntities:N0} stored", connectionString, overdue, settings);

        var breaches = await ScalarAsync(connectionString, "SELECT count(*) FROM pledge.events WHERE type = 'wait_breached'");
        Report.Line($"check: {breaches:N0} breaches recorded (expected {small + overdue:N0})");
        if (breaches != small + overdue)
            throw new InvalidOperationException($"{breaches} breaches recorded, {small + overdue} expected.");
        Report.Line($"RSS with {settings.ScaleEntities:N0} stored vs {small:N0} stored: {Report.MiB(rssLarge - rssSmall)} difference " +
            $"({(rssLarge - rssSmall) * 100.0 / rssSmall:+0.0;-0.0}%)");
        return new ScaleResult(rssEmpty, rssSmall, rssLarge, firedSmall, firedLarge);
    }

    private static async Task TimedLoadAsync(string connectionString, int from, int count, int overdue)
    {
        var started = Stopwatch.GetTimestamp();
        var now = DateTimeOffset.UtcNow;
        // Overdue waits fell due 10-30 minutes ago; the others fall due in about an hour, long after the run.
        await ConversationLoader.LoadAsync(connectionString, "scale", "s-", from, count, Policy, i => i - from < overdue
            ? now - Tier - TimeSpan.FromMinutes(30) + TimeSpan.FromMinutes(20) * (i % Variants) / Variants
            : now - TimeSpan.FromMinutes(5) * (i % Variants) / Variants);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Report.Line($"loaded {count:N0} conversations with an open wait ({overdue:N0} overdue) by COPY in {elapsed.TotalSeconds:0.0} s; " +
            $"{await ScalarAsync(connectionString, "SELECT count(*) FROM pledge.entities"):N0} entities stored");
    }

    private static async Task<long> RunIdleNodeAsync(string connectionString, BenchSettings settings)
    {
        await using var node = await ApiNode.StartAsync("postgres", connectionString, TimeSpan.FromSeconds(120));
        await Task.Delay(settings.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5));
        var rss = node.RssBytes();
        Report.Line($"node on an empty database: ready after {node.ReadyAfter.TotalSeconds:0.0} s, RSS {Report.MiB(rss)} idle");
        return rss;
    }

    private static async Task<(TimeSpan Fired, long Rss)> RunNodeWithOverdueAsync(string label, string connectionString, int overdue, BenchSettings settings)
    {
        var cutoff = DateTime.UtcNow;
        await using var node = await ApiNode.StartAsync("postgres", connectionString, TimeSpan.FromSeconds(120));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var giveUp = TimeSpan.FromSeconds(settings.Quick ? 60 : 300);
        long left;
        while ((left = await CountOverdueAsync(dataSource, cutoff)) > 0)
        {
            if (Stopwatch.GetElapsedTime(node.StartedAt) > giveUp)
                throw new TimeoutException($"{left:N0} overdue deadlines still stored {giveUp.TotalSeconds:0} s after the node started.");
            await Task.Delay(100);
        }
        var fired = Stopwatch.GetElapsedTime(node.StartedAt);
        await Task.Delay(settings.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5));
        var rss = node.RssBytes();
        var peak = node.PeakRssBytes();
        Report.Line($"node on {label}: ready after {node.ReadyAfter.TotalSeconds:0.0} s; all {overdue:N0} overdue deadlines fired {fired.TotalSeconds:0.0} s after start " +
            $"({overdue / (fired - node.ReadyAfter).TotalSeconds:N0}/s after ready); RSS {Report.MiB(rss)} idle after, peak {Report.MiB(peak)}");
        return (fired, rss);
    }

    private static async Task<long> CountOverdueAsync(NpgsqlDataSource dataSource, DateTime cutoff)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pledge.deadlines WHERE due_at <= $1");
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
