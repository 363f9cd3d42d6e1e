using System.Collections.Immutable;
using System.Diagnostics;
using Npgsql;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>What step 5 measured: the silo's memory at each size, and how long the overdue deadlines took after a start.</summary>
internal sealed record ScaleResult(long RssEmpty, int Small, SiloMemory RssSmall, int Large, SiloMemory RssLarge, TimeSpan FiredSmall, TimeSpan FiredLarge, double PerSecondLarge);

/// <summary>A silo's RSS idle after a start: with the grains the firing activated, and once Orleans has deactivated them and collected.</summary>
internal sealed record SiloMemory(long Active, long Collected);

/// <summary>
/// Step 5: a durable silo's memory must not grow with what is stored, and a silo that starts on overdue deadlines
/// must fire them all. Conversations are made through the product (<see cref="ConversationMaker"/>) by a silo in this
/// process, which is then stopped; their deadlines fall due while no silo runs. The measured node is the silo
/// process (silo/Pledge.Silo.csproj), started three times: on an empty database; on <c>small</c> conversations, all
/// overdue; on <c>large</c> stored with the same number overdue and the rest due in about an hour (their reminders are
/// stored too) — so the last two starts do the same work and differ only in what is stored. Each time: from process
/// start until every overdue conversation's grain row has been written again (Orleans' grain-storage table; reading
/// it activates nothing), then until the reminder table holds only the far deadlines' reminders (every spent one
/// removed), then RSS once the silo is idle; a sample of conversations is then read back through an
/// Orleans client to check that exactly the overdue ones recorded their breach.
/// </summary>
internal static class ScaleBench
{
    private static readonly TimeSpan Tier = TimeSpan.FromHours(1);

    // Two reminder periods and the re-aim spread, with room for the removals themselves.
    private static readonly TimeSpan ReminderCleanUp = TimeSpan.FromMinutes(5);

    private static readonly ConversationPolicy Policy = new(
        "bench-scale", 1, [Tier], ImmutableSortedDictionary<TimeSpan, int>.Empty, null,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(1));

    private const string Tenant = "scale";

    public static async Task<ScaleResult> RunAsync(PostgresServer server, BenchSettings settings)
    {
        var cluster = DurableCluster.In(await server.CreateDatabaseAsync("bench_scale"), "scale");
        await cluster.MigrateAsync();
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);

        var rssEmpty = await RunIdleSiloAsync(cluster, settings);

        var small = settings.ScaleSmall;
        var overdue = Math.Min(settings.ScaleOverdue, small);
        var first = await LoadAsync(cluster, dataSource, "a-", small, "", 0, TimeSpan.Zero, settings);
        var (firedSmall, rssSmall, _) = await RunSiloWithOverdueAsync($"{small:N0} stored", cluster, dataSource, first, [("a-", small, 1)], settings);

        // The rest of the large size: due in about an hour, loaded for as long as the budget allows; then the overdue ones.
        var farTarget = Math.Max(0, settings.ScaleEntities - small - overdue);
        var second = await LoadAsync(cluster, dataSource, "b-", overdue, "c-", farTarget, settings.ScaleLoadBudget, settings);
        var large = small + overdue + second.Far;
        if (large < settings.ScaleEntities)
            Report.Line($"note: the large size measured is {large:N0} stored conversations, not {settings.ScaleEntities:N0}: " +
                $"loading through the grains fits only that many in the step's budget of {settings.ScaleLoadBudget.TotalSeconds:0} s");
        var (firedLarge, rssLarge, perSecond) = await RunSiloWithOverdueAsync($"{large:N0} stored", cluster, dataSource, second,
            [("a-", small, 1), ("b-", overdue, 1), ("c-", second.Far, 0)], settings);

        Report.Line($"grain rows stored: {await GrainStorage.RowsAsync(dataSource, "orleansstorage"):N0}; reminders stored: " +
            $"{await GrainStorage.RowsAsync(dataSource, "orleansreminderstable"):N0}; index lines: {await GrainStorage.RowsAsync(dataSource, "pledge.entity_index"):N0}");
        Report.Line($"silo RSS with {large:N0} stored vs {small:N0} stored: {Difference(rssLarge.Active, rssSmall.Active)} with the grains the start activated, " +
            $"{Difference(rssLarge.Collected, rssSmall.Collected)} once they were collected; empty: {Report.MiB(rssEmpty)}");
        return new ScaleResult(rssEmpty, small, rssSmall, large, rssLarge, firedSmall, firedLarge, perSecond);
    }

    /// <summary>What one load left: how many are overdue (and how many of them may have fired before the loading silo stopped).</summary>
    private sealed record Load(int Overdue, int Far, DateTimeOffset LastDue, int DueBeforeStop);

    /// <summary>
    /// With a silo in this process: <paramref name="farTarget"/> conversations due in about an hour (for at most
    /// <paramref name="farBudget"/>), then <paramref name="overdue"/> whose deadlines fall due a little after the
    /// silo has stopped.
    /// </summary>
    private static async Task<Load> LoadAsync(
        DurableCluster cluster, NpgsqlDataSource dataSource, string overduePrefix, int overdue, string farPrefix, int farTarget, TimeSpan farBudget, BenchSettings settings)
    {
        var started = Stopwatch.GetTimestamp();
        var silo = await InProcessNode.StartSiloAsync(cluster);
        DateTimeOffset firstDue, lastDue;
        TimeSpan openTime, waitTime;
        var far = 0;
        try
        {
            var host = silo.Entities;
            var chunk = settings.Quick ? 1_000 : 10_000;
            while (far < farTarget && Stopwatch.GetElapsedTime(started) < farBudget)
            {
                var n = Math.Min(chunk, farTarget - far);
                await ConversationMaker.OpenAsync(host, Tenant, farPrefix, far, n, Policy, settings.Concurrency);
                var now = DateTimeOffset.UtcNow;
                await ConversationMaker.WaitAsync(host, Tenant, farPrefix, far, n, i => now - TimeSpan.FromMinutes(5) * (i % 500) / 500, settings.Concurrency);
                far += n;
            }
            if (farTarget > 0)
                Report.Line($"loaded {far:N0} conversations due in about an hour through the grains in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s " +
                    $"({far / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} conversations/s, two commands each)");

            openTime = await ConversationMaker.OpenAsync(host, Tenant, overduePrefix, 0, overdue, Policy, settings.Concurrency);
            // The messages cost a bit more than the openings (they also write the reminder); the deadlines must fall
            // due after the loading silo has stopped, spread over a few seconds.
            firstDue = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(openTime.TotalSeconds * 3 + (settings.Quick ? 8 : 20));
            var spread = TimeSpan.FromSeconds(5);
            DateTimeOffset DueAt(int i) => ConversationDecider.ToMicroseconds(firstDue + spread * (i % 500) / 500);
            lastDue = firstDue + spread;
            waitTime = await ConversationMaker.WaitAsync(host, Tenant, overduePrefix, 0, overdue, i => DueAt(i) - Tier - ConversationPolicy.Precision, settings.Concurrency);
        }
        finally
        {
            await silo.DisposeAsync();
        }
        var stopped = DateTimeOffset.UtcNow;
        var dueBeforeStop = stopped <= firstDue ? 0 : stopped >= lastDue ? overdue : (int)(overdue * ((stopped - firstDue) / (lastDue - firstDue)));
        Report.Line($"loaded {overdue:N0} conversations through the grains: opened in {openTime.TotalSeconds:0.0} s ({overdue / openTime.TotalSeconds:N0}/s), " +
            $"messages in {waitTime.TotalSeconds:0.0} s ({overdue / waitTime.TotalSeconds:N0}/s); loading silo stopped " +
            (dueBeforeStop == 0 ? $"{(firstDue - stopped).TotalSeconds:0.0} s before the first deadline" : $"after {dueBeforeStop:N0} deadlines were due (they may have fired there)") +
            $"; {await GrainStorage.RowsAsync(dataSource, "pledge.entity_index"):N0} conversations stored");
        return new Load(overdue, far, lastDue, dueBeforeStop);
    }

    private static string Difference(long large, long small) => $"{Report.MiB(large - small)} ({(large - small) * 100.0 / small:+0.0;-0.0}%)";

    private static async Task<long> RunIdleSiloAsync(DurableCluster cluster, BenchSettings settings)
    {
        await using var node = await SiloNode.StartAsync(cluster, TimeSpan.FromSeconds(120));
        await Task.Delay(settings.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5));
        var idle = node.RssBytes();
        await using var client = await InProcessNode.StartClientAsync(cluster);
        var memory = await CollectAsync(client, node, idle);
        Report.Line($"silo on an empty database: ready after {node.ReadyAfter.TotalSeconds:0.0} s, RSS {Report.MiB(idle)} idle, {Report.MiB(memory.Collected)} after a full GC");
        return idle;
    }

    /// <summary>
    /// Through Orleans' management grain: deactivate every idle grain (as its collection age would, 15 minutes later),
    /// wait until the silo holds next to none, then a full GC — what is left is the stored entities' share (none, if
    /// nothing of them stays in memory) plus what the GC keeps committed after the peak.
    /// </summary>
    private static async Task<SiloMemory> CollectAsync(InProcessNode client, NodeProcess node, long active)
    {
        var management = client.Grains.GetGrain<IManagementGrain>(0);
        var activations = await management.GetTotalActivationCount();
        var started = Stopwatch.GetTimestamp();
        await management.ForceActivationCollection(TimeSpan.Zero);
        int left;
        // Deactivating writes each grain whose delivered outbox was not yet written: a write per fired deadline.
        while ((left = await management.GetTotalActivationCount()) > Math.Max(100, activations / 100) && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(3))
            await Task.Delay(TimeSpan.FromSeconds(1));
        await management.ForceGarbageCollection([.. (await management.GetHosts(onlyActive: true)).Keys]);
        // Server GC returns the freed regions to the system a step at a time (about 150 MB/s here), not at the
        // collection: RSS is read once it has stopped falling.
        var settling = Stopwatch.GetTimestamp();
        long collected = node.RssBytes(), before;
        do
        {
            before = collected;
            await Task.Delay(TimeSpan.FromSeconds(2));
            collected = node.RssBytes();
        }
        while (before - collected > before / 100 && Stopwatch.GetElapsedTime(settling) < TimeSpan.FromSeconds(120));
        if (activations > 1_000)
            Report.Line($"{activations:N0} activations collected to {left:N0} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, then a full GC: " +
                $"RSS {Report.MiB(active)} → {Report.MiB(collected)} ({Stopwatch.GetElapsedTime(settling).TotalSeconds:0} s after it, when it stopped falling)");
        return new SiloMemory(active, collected);
    }

    private static async Task<(TimeSpan Fired, SiloMemory Rss, double PerSecond)> RunSiloWithOverdueAsync(
        string label, DurableCluster cluster, NpgsqlDataSource dataSource, Load load, (string Prefix, int Count, int Breaches)[] check, BenchSettings settings)
    {
        // The rows were all written minutes ago: a database that had held them for a while would have vacuumed,
        // analysed and checkpointed them long before a silo starts, so that is not counted in the start.
        var settled = await GrainStorage.SettleAsync(dataSource);
        Report.Line($"database vacuumed, analysed and checkpointed in {settled.TotalSeconds:0.0} s before the start");
        var wait = load.LastDue - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var expected = load.Overdue - load.DueBeforeStop;
        var changesBefore = await GrainStorage.ReminderChangesAsync(dataSource);
        var since = DateTime.UtcNow;
        var postmaster = await CpuUse.PostmasterOfAsync(cluster.ConnectionString);
        await PostgresProfile.ResetAsync(cluster.ConnectionString);
        await using var node = await SiloNode.StartAsync(cluster, TimeSpan.FromSeconds(120));
        // From ready on: the silo firing, PostgreSQL serving it (and this step's counts), this process polling.
        var cpu = new CpuUse().AddProcess("silo", node.ProcessId).AddPostgres(postmaster).AddSelf("the step's polling").Start();
        var giveUp = TimeSpan.FromSeconds(settings.Quick ? 150 : 400);
        // Each count scans the whole grain table (a million rows at the large size): polling it every 100 ms kept
        // PostgreSQL's parallel workers busy through the very start it measured, so the wait grows with the count's cost.
        var poll = new Poll();
        long written;
        while ((written = await poll.CountAsync(() => GrainStorage.WrittenSinceAsync(dataSource, since))) < expected)
        {
            if (Stopwatch.GetElapsedTime(node.StartedAt) > giveUp)
                throw new CorrectnessException($"{expected - written:N0} of {expected:N0} overdue conversations not yet written {giveUp.TotalSeconds:0} s after the silo started; " +
                    $"its last lines:{Environment.NewLine}{node.Tail()}");
            if (node.HasExited)
                throw new InvalidOperationException($"The silo exited; its last lines:{Environment.NewLine}{node.Tail()}");
            await poll.WaitAsync();
        }
        var fired = Stopwatch.GetElapsedTime(node.StartedAt);
        var cpuPerFiring = cpu.PerOperation(expected, "overdue deadline fired");
        await PostgresProfile.ReportAsync($"silo on {label}, from start until all fired", cluster.ConnectionString, expected, "overdue deadline fired");
        var changesFiring = await GrainStorage.ReminderChangesAsync(dataSource);
        // A grain removes its spent reminder at the reminder's next tick (up to a minute after the firing, a retry
        // period more when the breach's webhooks were pending). Until then a restart would wake it again, so the silo
        // is idle only once the reminder table holds the far deadlines' reminders and nothing else.
        long reminders;
        while ((reminders = await poll.CountAsync(() => GrainStorage.RowsAsync(dataSource, "orleansreminderstable"))) > load.Far)
        {
            if (Stopwatch.GetElapsedTime(node.StartedAt) > giveUp + ReminderCleanUp)
                throw new CorrectnessException($"{reminders - load.Far:N0} spent reminders still stored {(giveUp + ReminderCleanUp).TotalSeconds:0} s after the silo started; " +
                    $"its last lines:{Environment.NewLine}{node.Tail()}");
            await poll.WaitAsync();
        }
        var idle = Stopwatch.GetElapsedTime(node.StartedAt);
        var changesIdle = await GrainStorage.ReminderChangesAsync(dataSource);
        await Task.Delay(settings.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5));
        var rss = node.RssBytes();
        var peak = node.PeakRssBytes();
        var perSecond = expected / (fired - node.ReadyAfter).TotalSeconds;
        Report.Line($"silo on {label}: ready after {node.ReadyAfter.TotalSeconds:0.0} s; all {expected:N0} overdue deadlines fired {fired.TotalSeconds:0.0} s after start " +
            $"({perSecond:N0}/s after ready); spent reminders removed {idle.TotalSeconds:0.0} s after start; RSS {Report.MiB(rss)} idle after, peak {Report.MiB(peak)}");
        Report.Line($"silo on {label}, from ready until all fired: {cpuPerFiring}");
        Report.Line($"reminder table while they fired: {changesFiring.Written - changesBefore.Written:N0} rows written, {changesFiring.Deleted - changesBefore.Deleted:N0} deleted; " +
            $"then until idle: {changesIdle.Written - changesFiring.Written:N0} written, {changesIdle.Deleted - changesFiring.Deleted:N0} deleted");
        await using var client = await InProcessNode.StartClientAsync(cluster);
        await CheckAsync(client, check, settings);
        return (fired, await CollectAsync(client, node, rss), perSecond);
    }

    /// <summary>Reads back a sample of each group (all of them in --quick) through an Orleans client of the running silo: each must hold <c>breaches</c> breaches.</summary>
    private static async Task CheckAsync(InProcessNode client, (string Prefix, int Count, int Breaches)[] groups, BenchSettings settings)
    {
        var random = new Random(8);
        foreach (var (prefix, count, breaches) in groups.Where(g => g.Count > 0))
        {
            var sample = settings.Quick || count <= 1_000 ? Enumerable.Range(0, count).ToArray() : Enumerable.Range(0, 1_000).Select(_ => random.Next(count)).Distinct().ToArray();
            var wrong = 0;
            await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (i, _) =>
            {
                if (await ConversationMaker.BreachesAsync(client.Entities, Tenant, ConversationMaker.Key(prefix, i)) != breaches) Interlocked.Increment(ref wrong);
            });
            Report.Line($"check: {sample.Length - wrong:N0} of {sample.Length:N0} sampled conversations '{prefix}*' (of {count:N0}) hold {breaches} breach{(breaches == 1 ? "" : "es")}");
            if (wrong > 0)
                throw new CorrectnessException($"{wrong} of {sample.Length} sampled conversations '{prefix}*' do not hold {breaches} breaches.");
        }
    }

    /// <summary>Polls a count no more often than ten times what the last one cost, and at least every 100 ms apart.</summary>
    private sealed class Poll
    {
        private TimeSpan cost;

        public async Task<long> CountAsync(Func<Task<long>> count)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await count();
            cost = Stopwatch.GetElapsedTime(started);
            return result;
        }

        public Task WaitAsync() => Task.Delay(TimeSpan.FromMilliseconds(Math.Max(100, cost.TotalMilliseconds * 10)));
    }
}
