using System.Diagnostics;
using Pledge.Bench;
using Pledge.Testing;

// dotnet run -c Release --project tests/Pledge.Bench -- [--quick] [--only 1,2,...] [--scale-budget SECONDS]  (steps 1-7)
// Every step of issue 8 in one run on loopback; figures on stdout, ending with one line of JSON.
if (args.Length > 0 && args[0] == CoreSpeed.ChildFlag)
    return await CoreSpeed.ChildAsync(args);
if (args.Length > 0 && args[0] == TrivialEndpoint.ChildFlag)
    return await TrivialEndpoint.ChildAsync();

var settings = args.Contains("--quick") ? BenchSettings.QuickRun : BenchSettings.Full;
// --scale-budget SECONDS loads step 5's large size for that long instead (up to its 1,000,000; about 900 conversations/s here).
if (args.SkipWhile(a => a != "--scale-budget").Skip(1).FirstOrDefault() is { } budget)
    settings = settings with { ScaleLoadBudget = TimeSpan.FromSeconds(int.Parse(budget, System.Globalization.CultureInfo.InvariantCulture)) };
// --only runs some steps (while working on one part); the summary then holds nulls for the others.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',').Select(int.Parse).ToHashSet();
bool Runs(int step) => only is null || only.Contains(step);

var summary = new Summary();
// Correctness, not speed: a deadline that never fired or fired early fails the run (figures are never asserted).
var failures = new List<string>();
var began = Stopwatch.GetTimestamp();
Console.WriteLine($"Pledge benchmark ({(settings.Quick ? "--quick: small sizes; proves that every step works, not how fast" : "full run")})");
Console.WriteLine($"machine: {Machine.Describe()}; load average {Report.LoadAverage()}");

PostgresServer? server = null;
Exception? noServer = null;
var postmaster = 0;
if (Runs(1) || Runs(2) || Runs(4) || Runs(5) || Runs(7))
{
    try
    {
        // Durable like production (fsync on): the ceiling and the host both pay for real commits.
        var options = new PostgresServerOptions
        {
            Fsync = true,
            MaxConnections = 400,
            // Statement statistics cost a few per cent on both sides of the ratio alike, and tell where a message's time goes.
            Settings = new Dictionary<string, string> { ["shared_preload_libraries"] = PostgresProfile.Library },
        };
        try
        {
            server = await PostgresServer.StartAsync(options);
        }
        catch (InvalidOperationException e)
        {
            Report.Line($"PostgreSQL did not start with {PostgresProfile.Library} ({e.Message.ReplaceLineEndings(" ")[..Math.Min(200, e.Message.Length)]}); starting it without");
            server = await PostgresServer.StartAsync(options with { Settings = new Dictionary<string, string>() });
        }
        postmaster = await CpuUse.PostmasterOfAsync(server.ConnectionString());
        Console.WriteLine($"PostgreSQL: throwaway server on 127.0.0.1:{server.Port}, fsync on, {await Machine.PostgresVersionAsync(server)}");
    }
    catch (Exception e)
    {
        noServer = e;
        Report.Skipped("PostgreSQL", e);
    }
}

try
{
    if (Runs(1)) await CeilingAsync();
    if (Runs(2)) await IngestionAsync();
    if (Runs(1) || Runs(2)) Ratio();
    if (Runs(4)) await DeadlinesAsync();
    if (Runs(5)) await ScaleAsync();
    if (Runs(7)) await FailoverAsync();
}
finally
{
    if (server is not null) await server.DisposeAsync();
}
if (Runs(6)) await CoreSpeedAsync();

Console.WriteLine();
Console.WriteLine($"finished in {Stopwatch.GetElapsedTime(began).TotalSeconds:0} s; load average {Report.LoadAverage()}");
foreach (var failure in failures)
    Console.WriteLine($"FAILED: {failure}");
Console.WriteLine(summary.ToJson());
// --quick is CI's check that the benchmark works: a step that could not run fails it. The full run reports what it could.
// A correctness failure fails either.
return failures.Count > 0 || (settings.Quick && only is null && !summary.Complete) ? 1 : 0;

async Task CeilingAsync()
{
    Report.Step($"1. PostgreSQL ceiling: single-row upsert transactions, {settings.Concurrency} connections");
    var ceiling = await WithServerAsync("ceiling", async pg => await PostgresCeiling.RunAsync(await pg.CreateDatabaseAsync("bench_ceiling"), postmaster, settings));
    summary.PgCeilingTps = ceiling?.TransactionsPerSecond;
}

async Task IngestionAsync()
{
    Report.Step($"2. Message ingestion over HTTP (Kestrel, loopback), {settings.Conversations:N0} conversations");
    try
    {
        summary.TrivialPerSec = (await IngestionBench.RunAsync("trivial endpoint", () => TrivialEndpoint.StartAsync(TimeSpan.FromSeconds(60)), null, null, null, settings)).PerSecond;
    }
    catch (Exception e)
    {
        Report.Skipped("trivial endpoint", e);
    }
    try
    {
        summary.IngestMemPerSec = (await IngestionBench.RunAsync("embedded api", () => ApiNode.StartAsync(null, TimeSpan.FromSeconds(90)), null, null, null, settings)).PerSecond;
    }
    catch (Exception e)
    {
        Report.Skipped("embedded api", e);
    }
    Report.Line(summary.IngestMemRatio is { } memRatio
        ? $"ingestMemRatio: embedded api / trivial endpoint = {Report.Number(summary.IngestMemPerSec!.Value)} / {Report.Number(summary.TrivialPerSec!.Value)} = {memRatio:0.000}"
        : "ingestMemRatio: not available (a measurement above could not run)");
    var postgres = await WithServerAsync("durable (silo + api client)", async pg =>
    {
        var cluster = DurableCluster.In(await pg.CreateDatabaseAsync("bench_ingest"), "ingest");
        await cluster.MigrateAsync();
        // The silo first; the api's client retries until a gateway is up.
        await using var silo = await SiloNode.StartAsync(cluster, TimeSpan.FromSeconds(120));
        Report.Line($"durable: silo pid {silo.ProcessId} ready after {silo.ReadyAfter.TotalSeconds:0.0} s");
        return await IngestionBench.RunAsync("durable api", () => ApiNode.StartAsync(cluster, TimeSpan.FromSeconds(120)), silo, cluster.ConnectionString, postmaster, settings);
    });
    summary.IngestPgPerSec = postgres?.PerSecond;
    summary.P99LatencyMs = postgres?.P99Ms;
}

void Ratio()
{
    Report.Step("3. Ratio: durable ingestion / PostgreSQL ceiling (target >= 1.0)");
    Report.Line(summary.RatioPgVsCeiling is { } ratio
        ? $"{Report.Number(summary.IngestPgPerSec!.Value)} / {Report.Number(summary.PgCeilingTps!.Value)} = {ratio:0.000}"
        : "not available (a step above could not run)");
}

async Task DeadlinesAsync()
{
    Report.Step($"4. Deadline precision: deadlines due over {settings.DeadlineSpan.TotalSeconds:0} s on a silo in this process (target p99 <= 100 ms)");
    DeadlineResult? memory = null;
    try
    {
        memory = await DeadlineBench.RunAsync($"embedded silo, {settings.Deadlines:N0} deadlines", null, settings.Deadlines, settings);
    }
    catch (Exception e)
    {
        Report.Skipped("embedded silo", e);
    }
    var postgres = await WithServerAsync("durable silo", async pg =>
        await DeadlineBench.RunAsync($"durable silo, {settings.DurableDeadlines:N0} deadlines", DurableCluster.In(await pg.CreateDatabaseAsync("bench_deadlines"), "deadlines"),
            settings.DurableDeadlines, settings));
    if (memory is { Complete: true })
        summary.DeadlineP99MsMemory = memory.Lateness.At(0.99);
    if (postgres is { Complete: true })
        summary.DeadlineP99Ms = postgres.Lateness.At(0.99);
    if (memory is not { Complete: true } || postgres is not { Complete: true })
        Report.Line("deadline p99: not reported for a host that did not run, or did not fire every deadline");
    foreach (var (host, result) in new[] { ("embedded", memory), ("durable", postgres) })
    {
        if (result is { Complete: false })
            failures.Add($"step 4, {host} silo: {result.Expected - result.Fired:N0} of {result.Expected:N0} deadlines did not fire");
        if (result is { Early: > 0 })
            failures.Add($"step 4, {host} silo: {result.Early:N0} deadlines fired before their due time");
    }
}

async Task ScaleAsync()
{
    Report.Step($"5. Scale: a durable silo on conversations with an open wait: empty, {settings.ScaleSmall:N0} and up to {settings.ScaleEntities:N0} stored");
    var scale = await WithServerAsync("scale", pg => ScaleBench.RunAsync(pg, settings));
    if (scale is null) return;
    summary.RssMiBEmpty = scale.RssEmpty / 1024.0 / 1024.0;
    summary.RssMiBAt100k = scale.RssSmall.Active / 1024.0 / 1024.0;
    summary.RssMiBAt1M = scale.RssLarge.Active / 1024.0 / 1024.0;
    summary.RssMiBAt100kCollected = scale.RssSmall.Collected / 1024.0 / 1024.0;
    summary.RssMiBAt1MCollected = scale.RssLarge.Collected / 1024.0 / 1024.0;
    summary.RssLargeStored = scale.Large;
    summary.OverdueFiredPerSec = scale.PerSecondLarge;
    Report.Line($"summary keys: rssMiBAt100k is at {scale.Small:N0} stored, rssMiBAt1M at {scale.Large:N0} stored (rssLargeStored), each with " +
        "the grains the start activated; the *Collected keys once they were collected");
}

async Task FailoverAsync()
{
    Report.Step($"7. Failover: two silo processes, {settings.FailoverDeadlines:N0} deadlines due over {settings.FailoverSpan.TotalSeconds:0} s, one silo killed (SIGKILL)");
    var failover = await WithServerAsync("failover", pg => FailoverBench.RunAsync(pg, settings));
    if (failover is { Complete: true })
        summary.FailoverMaxLateSec = failover.Lateness.Max / 1000;
    else if (failover is not null)
        failures.Add($"step 7: {failover.Expected - failover.Fired:N0} of {failover.Expected:N0} deadlines never fired after the failover");
    if (failover is { Early: > 0 })
        failures.Add($"step 7: {failover.Early:N0} deadlines fired before their due time");
}

async Task CoreSpeedAsync()
{
    Report.Step("6. Core speed on one core (targets: replay >= 1,000,000 events/s, screening >= 57,000 messages/s; second passes)");
    try
    {
        var core = await CoreSpeed.RunAsync(settings);
        summary.ReplayEventsPerSec = core.ReplayPerSecond;
        summary.ScreenPerSec = core.ScreenPerSecond;
    }
    catch (Exception e)
    {
        Report.Skipped("core speed", e);
    }
}

async Task<T?> WithServerAsync<T>(string what, Func<PostgresServer, Task<T>> step) where T : class
{
    if (server is null)
    {
        Report.Line($"{what}: could not run: no PostgreSQL server ({noServer?.Message.ReplaceLineEndings(" ")})");
        return null;
    }
    try
    {
        return await step(server);
    }
    catch (CorrectnessException e)
    {
        failures.Add($"{what}: {e.Message}");
        return null;
    }
    catch (Exception e)
    {
        Report.Skipped(what, e);
        return null;
    }
}
