using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Pledge.Bench;

/// <summary>What step 2 measured on one host.</summary>
internal sealed record IngestionResult(double PerSecond, double P50Ms, double P99Ms, long Errors, long RssBytes);

/// <summary>
/// Step 2: messages over HTTP through the real API. Saturation is closed-loop (each client sends its next message
/// when the last one is answered), spread over many conversations; latency is open-loop at half that rate, each
/// request timed from when it was scheduled, so a stall shows in the figures instead of slowing the sender.
/// </summary>
internal static class IngestionBench
{
    private const string Policy = "talent-chat";

    /// <summary>
    /// Measures the node <paramref name="start"/> starts (the API embedded or as a client, or the trivial endpoint);
    /// <paramref name="silo"/> is the durable cluster's silo process, whose CPU and memory count too.
    /// </summary>
    public static async Task<IngestionResult> RunAsync(
        string label, Func<Task<NodeProcess>> start, NodeProcess? silo, string? connectionString, int? postmaster, BenchSettings settings)
    {
        await using var node = await start();
        Report.Line($"{label}: node pid {node.ProcessId} ready after {node.ReadyAfter.TotalSeconds:0.0} s on {node.BaseAddress}");
        using var client = await PledgeClient.ForNewTenantAsync(node.BaseAddress, "bench");

        var conversations = Enumerable.Range(0, settings.Conversations).Select(i => $"conv-{i:D6}").ToArray();
        var opened = Stopwatch.GetTimestamp();
        var openErrors = 0L;
        await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (id, _) =>
        {
            if (await TryAsync(() => client.OpenAsync(id, Policy)) != HttpStatusCode.OK) Interlocked.Increment(ref openErrors);
        });
        Report.Line($"{label}: opened {conversations.Length:N0} conversations in {Stopwatch.GetElapsedTime(opened).TotalSeconds:0.0} s ({openErrors} failed)");
        if (openErrors > 0) throw new InvalidOperationException($"{openErrors} conversations could not be opened:{Environment.NewLine}{node.Tail()}{Environment.NewLine}{silo?.Tail()}");
        if (connectionString is not null)
        {
            // Through the grains, each opening writes the conversation's index line; the old engine wrote pledge.entities instead.
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
            var lines = await GrainStorage.RowsAsync(dataSource, "pledge.entity_index WHERE kind = 'conversation'");
            if (lines < conversations.Length)
                throw new InvalidOperationException($"Only {lines:N0} index lines after opening {conversations.Length:N0} conversations: the api did not go through the grains.");
        }

        var next = new int[conversations.Length];
        await ClosedLoopAsync(client, conversations, next, settings.Concurrency, settings.Warmup);
        if (connectionString is not null) await PostgresProfile.ResetAsync(connectionString);
        var cpu = new CpuUse().AddProcess(silo is null ? "node" : "api node", node.ProcessId);
        if (silo is not null) cpu.AddProcess("silo", silo.ProcessId);
        if (postmaster is { } pm) cpu.AddPostgres(pm);
        var window = cpu.AddSelf().Start();
        var (sent, errors, elapsed) = await ClosedLoopAsync(client, conversations, next, settings.Concurrency, settings.Saturation);
        var cost = window.PerOperation(sent, "message");
        if (sent == 0)
            throw new InvalidOperationException($"No message was accepted ({errors} errors):{Environment.NewLine}{node.Tail()}{Environment.NewLine}{silo?.Tail()}");
        var perSecond = sent / elapsed.TotalSeconds;
        Report.Line($"{label}: saturation, {settings.Concurrency} closed-loop clients: {Report.Number(perSecond)} messages/s ({sent:N0} in {elapsed.TotalSeconds:0.0} s, {errors} errors)");
        Report.Line($"{label}: {cost}");
        if (connectionString is not null) await PostgresProfile.ReportAsync(label, connectionString, sent, "message");

        var rate = perSecond / 2;
        var (latencies, pacedErrors) = await PacedAsync(client, conversations, next, rate, settings.Paced);
        Report.Line($"{label}: paced at {Report.Number(rate)} messages/s (half of saturation): {latencies.Describe()}, {pacedErrors} errors");
        var rss = node.RssBytes();
        Report.Line($"{label}: node RSS {Report.MiB(rss)} (peak {Report.MiB(node.PeakRssBytes())})"
            + (silo is null ? "" : $", silo RSS {Report.MiB(silo.RssBytes())} (peak {Report.MiB(silo.PeakRssBytes())})")
            + $" after {next.Sum():N0} messages on {conversations.Length:N0} conversations");
        return new IngestionResult(perSecond, latencies.At(0.50), latencies.At(0.99), errors + pacedErrors, rss);
    }

    private static async Task<(long Sent, long Errors, TimeSpan Elapsed)> ClosedLoopAsync(
        PledgeClient client, string[] conversations, int[] next, int concurrency, TimeSpan duration)
    {
        var sent = 0L;
        var errors = 0L;
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            // Each client owns every concurrency-th conversation, so one conversation never has two messages in flight.
            for (var i = worker; Stopwatch.GetTimestamp() < until; i += concurrency)
            {
                if (i >= conversations.Length) i = worker;
                var status = await TryAsync(() => client.PostMessageAsync(conversations[i], next[i]++));
                if (status == HttpStatusCode.OK) Interlocked.Increment(ref sent);
                else Interlocked.Increment(ref errors);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return (sent, errors, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<(Percentiles Latencies, long Errors)> PacedAsync(
        PledgeClient client, string[] conversations, int[] next, double rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new ConcurrentBag<double>();
        var errors = 0L;
        var inFlight = new List<Task>(total);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        for (var n = 0; n < total; n++)
        {
            var scheduled = start + (long)(n * ticksPerRequest);
            // Never early; up to a timer tick late, which the latency then includes (it is timed from the schedule).
            for (long wait; (wait = scheduled - Stopwatch.GetTimestamp()) > 0;)
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait * 1000.0 / Stopwatch.Frequency)));
            var i = n % conversations.Length;
            var number = next[i]++;
            inFlight.Add(Task.Run(async () =>
            {
                var status = await TryAsync(() => client.PostMessageAsync(conversations[i], number));
                if (status == HttpStatusCode.OK)
                    latencies.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
                else
                    Interlocked.Increment(ref errors);
            }));
        }
        await Task.WhenAll(inFlight);
        return (new Percentiles(latencies), errors);
    }

    private static async Task<HttpStatusCode> TryAsync(Func<Task<HttpStatusCode>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return HttpStatusCode.RequestTimeout;
        }
    }
}
