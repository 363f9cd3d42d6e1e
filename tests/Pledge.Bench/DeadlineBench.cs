using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Hosting;

namespace Pledge.Bench;

/// <summary>What step 4 measured on one host: lateness of each deadline committed after its due time.</summary>
internal sealed record DeadlineResult(int Expected, int Fired, Percentiles Lateness, int CreatedLate)
{
    public bool Complete => Fired == Expected;

    public int Early => Lateness.CountBelow(0);
}

/// <summary>
/// Step 4: conversations whose open waits fall due evenly over the span, on a silo in this process (memory storage
/// and reminders, or a member of a durable cluster on PostgreSQL), all made through its <see cref="IEntityHost"/>
/// before the first falls due. Lateness is the grains' own measure (the <c>pledge.deadlines.lateness</c> histogram of
/// meter <c>Pledge.Hosting</c>: from the due time to the commit of the breach), collected sample by sample with a
/// <see cref="MeterListener"/>.
/// </summary>
internal static class DeadlineBench
{
    // Long enough that a message backdated by it stays in the past while it is sent; the due times come from `at`.
    private static readonly TimeSpan Tier = TimeSpan.FromMinutes(10);

    internal static readonly ConversationPolicy Policy = new(
        "bench-deadline", 1, [Tier], ImmutableSortedDictionary<TimeSpan, int>.Empty, null,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(1));

    public static async Task<DeadlineResult> RunAsync(string label, DurableCluster? cluster, int count, BenchSettings settings)
    {
        var lateness = new ConcurrentQueue<(DateTimeOffset Committed, double Ms)>();
        var others = new ConcurrentDictionary<string, int>();
        using var listener = Listen(lateness, others);
        var step = settings.DeadlineSpan.Ticks / count;
        // The silo of the step before (and its 100,000 grains) is garbage in this process's gen2: a silo process of its
        // own would never carry it, and sweeping it would fall to a background collection during this step's span.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var carried = GC.GetTotalMemory(forceFullCollection: false);
        await using var node = await InProcessNode.StartSiloAsync(cluster);
        var (first, createdLate) = await CreateAsync(label, node.Entities, count, step, settings);
        using var pauses = new GcPauses();
        var giveUp = first + settings.DeadlineSpan + TimeSpan.FromSeconds(settings.Quick ? 30 : 90);
        while (lateness.Count < count && DateTimeOffset.UtcNow < giveUp)
            await Task.Delay(200);
        var result = new DeadlineResult(count, lateness.Count, new Percentiles(lateness.Select(l => l.Ms)), createdLate);
        Report.Line($"{label}: {result.Fired:N0} of {result.Expected:N0} deadlines fired; lateness {result.Lateness.Describe()}; " +
            $"{result.Early:N0} committed before their due time"
            + (others.IsEmpty ? "" : $"; other outcomes: {string.Join(", ", others.Select(o => $"{o.Key} {o.Value}"))}"));
        Report.Line($"{label}, while they fell due: {pauses.Describe()}; heap {Report.MiB(GC.GetGCMemoryInfo().HeapSizeBytes)} " +
            $"({Report.MiB(carried)} live before the silo started)");
        Report.Line($"{label}: {DescribeLate(lateness, first)}");
        Report.Line($"{label}: {pauses.DescribeTimeline(first)}");
        return result;
    }

    /// <summary>Opens the conversations, then sends each its message so that its deadline falls due at first + i·step.</summary>
    private static async Task<(DateTimeOffset First, int CreatedLate)> CreateAsync(string label, IEntityHost host, int count, long step, BenchSettings settings)
    {
        const string tenant = "deadlines";
        // Opening first tells how fast this host takes commands, hence how far ahead the due times must start.
        var openTime = await ConversationMaker.OpenAsync(host, tenant, "d-", 0, count, Policy, settings.Concurrency);
        // A message costs a bit more than an opening (it also arms the entity's reminder); the rest is a margin for
        // the shared machine's hiccups.
        var lead = TimeSpan.FromSeconds(Math.Max(3, openTime.TotalSeconds * (settings.Quick ? 1.5 : 2.5) + 3));
        var first = ConversationDecider.ToMicroseconds(DateTimeOffset.UtcNow + lead);
        DateTimeOffset DueAt(int i) => ConversationDecider.ToMicroseconds(first.AddTicks(step * i));
        var createdLate = 0;
        var waitTime = await ConversationMaker.WaitAsync(host, tenant, "d-", 0, count, i => DueAt(i) - Tier - ConversationPolicy.Precision, settings.Concurrency,
            i => { if (DateTimeOffset.UtcNow > DueAt(i)) Interlocked.Increment(ref createdLate); });
        Report.Line($"{label}: opened {count:N0} conversations in {openTime.TotalSeconds:0.0} s ({count / openTime.TotalSeconds:N0}/s), " +
            $"sent each a message in {waitTime.TotalSeconds:0.0} s ({count / waitTime.TotalSeconds:N0}/s); " +
            $"first deadline due {(first - DateTimeOffset.UtcNow).TotalSeconds:0.0} s later, the last {settings.DeadlineSpan.TotalSeconds:0} s after it " +
            $"({createdLate} waits committed after their own due time)");
        return (first, createdLate);
    }

    /// <summary>
    /// When the firings later than 100 ms committed, by second of the span: one stall shows as a second or two holding
    /// most of them (then look for what ran then), a host too slow for the rate as a tail that grows to the end.
    /// </summary>
    private static string DescribeLate(IEnumerable<(DateTimeOffset Committed, double Ms)> lateness, DateTimeOffset first)
    {
        var late = lateness.Where(l => l.Ms > 100).ToList();
        if (late.Count == 0) return "none committed more than 100 ms late";
        var seconds = late.GroupBy(l => (int)Math.Floor((l.Committed - first).TotalSeconds)).OrderByDescending(g => g.Count()).Take(3)
            .Select(g => $"{g.Count():N0} in second {g.Key} (up to {Report.Ms(g.Max(l => l.Ms))})");
        return $"{late.Count:N0} committed more than 100 ms late; most in: {string.Join(", ", seconds)} " +
            $"(seconds after the first due time, {first:HH:mm:ss.f} UTC)";
    }

    internal static MeterListener Listen(ConcurrentQueue<(DateTimeOffset Committed, double Ms)> lateness, ConcurrentDictionary<string, int> others)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HostingMetrics.MeterName && instrument.Name is "pledge.deadlines.lateness" or "pledge.deadlines.fired")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        // The histogram is in seconds; the bench reports milliseconds.
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lateness.Enqueue((DateTimeOffset.UtcNow, value * 1000)));
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "outcome" && tag.Value is string outcome && outcome != "fired")
                    others.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        });
        listener.Start();
        return listener;
    }
}
