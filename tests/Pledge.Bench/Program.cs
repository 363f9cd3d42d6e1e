using System.Diagnostics;
using Pledge.Bench;
using Pledge.Testing;

// dotnet run -c Release --project tests/Pledge.Bench -- [--quick] [--only 1,2,...]
// Every step of issue 8 in one run on loopback; figures on stdout, ending with one line of JSON.
if (args.Length > 0 && args[0] == CoreSpeed.ChildFlag)
    return await CoreSpeed.ChildAsync(args);

var settings = args.Contains("--quick") ? BenchSettings.QuickRun : BenchSettings.Full;
// --only runs some steps (while working on one part); the summary then holds nulls for the others.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',').Select(int.Parse).ToHashSet();
bool Runs(int step) => only is null || only.Contains(step);

var summary = new Summary();
var began = Stopwatch.GetTimestamp();
Console.WriteLine($"Pledge benchmark ({(settings.Quick ? "--quick: small sizes; proves that every step works, not how fast" : "full run")})");
Console.WriteLine($"machine: {Machine.Describe()}; load average {Report.LoadAverage()}");

PostgresServer? server = null;
Exception? noServer = null;
var postmaster = 0;
if (Runs(1) || Runs(2) || Runs(4) || Runs(5))
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
}
finally
{
    if (server is not null) await server.DisposeAsync();
}
if (Runs(6)) await CoreSpeedAsync();

Console.WriteLine();
Console.WriteLine($"finished in {Stopwatch.GetElapsedTime(began).TotalSeconds:0} s; load average {Report.LoadAverage()}");
Console.WriteLine(summary.ToJson());
// --quick is CI's check that the benchmark works: a step that could not run fails it. The full run reports what it could.
return settings.Quick && only is null && !summary.Complete ? 1 : 0;

async Task CeilingAsync()
{
    Report.Step($"1. PostgreSQL ceiling: single-row upsert transactions, {settings.Concurrency} connections");
    var ceiling = await WithServerAsync("ceiling", async pg => await PostgresCeiling.RunAsync(await pg.CreateDatabaseAsync("bench_ceiling"), postmaster, settings));
    summary.PgCeilingTps = ceiling?.TransactionsPerSecond;
}

async Task IngestionAsync()
{
    Report.Step($"2. Message ingestion over HTTP through the API (Kestrel, loopback), {settings.Conversations:N0} conversations");
    try
    {
        summary.IngestMemPerSec = (await IngestionBench.RunAsync("in-memory host", "memory", null, null, settings)).PerSecond;
    }
    catch (Exception e)
    {
        Report.Skipped("in-memory host", e);
    }
    var postgres = await WithServerAsync("PostgreSQL host", async pg =>
        await IngestionBench.RunAsync("PostgreSQL host", "postgres", await pg.CreateDatabaseAsync("bench_ingest"), postmaster, settings));
    summary.IngestPgPerSec = postgres?.PerSecond;
    summary.P99LatencyMs = postgres?.P99Ms;
}

void Ratio()
{
    Report.Step("3. Ratio: PostgreSQL-host ingestion / PostgreSQL ceiling (target >= 1.0)");
    Report.Line(summary.RatioPgVsCeiling is { } ratio
        ? $"{Report.Number(summary.IngestPgPerSec!.Value)} / {Report.Number(summary.PgCeilingTps!.Value)} = {ratio:0.000}"
        : "not available (a step above could not run)");
}

async Task DeadlinesAsync()
{
    Report.Step($"4. Deadline precision: {settings.Deadlines:N0} deadlines due over {settings.DeadlineSpan.TotalSeconds:0} s (target p99 <= 100 ms)");
    DeadlineResult? memory = null;
    try
    {
        memory = await DeadlineBench.RunAsync("in-memory host", "memory", null, settings);
    }
    catch (Exception e)
    {
        Report.Skipped("in-memory host", e);
    }
    var postgres = await WithServerAsync("PostgreSQL host", async pg =>
        await DeadlineBench.RunAsync("PostgreSQL host", "postgres", await pg.CreateDatabaseAsync("bench_deadlines"), settings));
    if (memory is { Complete: true } && postgres is { Complete: true })
        summary.DeadlineP99Ms = Math.Max(memory.Lateness.At(0.99), postgres.Lateness.At(0.99));
    else
        Report.Line("deadlineP99Ms: not reported (a host did not run, or did not fire every deadline)");
}

async Task ScaleAsync()
{
    Report.Step($"5. Scale: {settings.ScaleEntities:N0} conversations with an open wait stored in PostgreSQL");
    var scale = await WithServerAsync("scale", pg => ScaleBench.RunAsync(pg, settings));
    summary.RssMiBAt1M = scale is null ? null : scale.RssLarge / 1024.0 / 1024.0;
}

async Task CoreSpeedAsync()
{
    Report.Step("6. Core speed on one core (targets: replay >= 1,000,000 events/s, screening >= 50,000 messages/s)");
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
    catch (Exception e)
    {
        Report.Skipped(what, e);
        return null;
    }
}
