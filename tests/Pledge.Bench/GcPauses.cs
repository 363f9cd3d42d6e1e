using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Pledge.Bench;

/// <summary>
/// The garbage collector's pauses in this process while it lives, from the runtime's own GC events (suspension begun
/// → execution restarted): what a deadline committed during a pause waited for. Also when each background or blocking
/// gen2 collection ran, what went to the large object heap and when the thread pool found itself starved, to line up
/// against the seconds a stall fell in.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const EventKeywords ThreadingKeyword = (EventKeywords)0x10000;
    private const int BackgroundType = 1;
    private const int StarvationReason = 6;
    private static readonly string[] Reasons =
        ["small alloc", "induced", "low memory", "empty", "large alloc", "out of space SOH", "out of space LOH", "induced not forced", "internal", "induced low memory"];
    private readonly ConcurrentQueue<(int Generation, double Ms)> pauses = new();
    private readonly ConcurrentQueue<double> suspensions = new();
    private readonly ConcurrentQueue<(long Gen0, long Gen1)> promoted = new();
    private readonly ConcurrentDictionary<long, (DateTime Began, bool Background, int Reason)> gen2Running = new();
    private readonly ConcurrentQueue<(DateTime Began, DateTime Ended, bool Background, int Reason)> gen2 = new();
    private readonly ConcurrentQueue<(DateTime At, long Threads)> starved = new();
    private readonly ConcurrentQueue<(DateTime At, long Bytes)> largeObjectHeap = new();
    private DateTime suspended;
    private int generation = -1;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, GcKeyword | ThreadingKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "GCSuspendEEBegin_V1":
                suspended = e.TimeStamp;
                break;
            case "GCSuspendEEEnd_V1" when suspended != default:
                suspensions.Enqueue((e.TimeStamp - suspended).TotalMilliseconds);
                break;
            case "GCHeapStats_V2" when e.Payload is { Count: > 3 } stats:
                promoted.Enqueue((Convert.ToInt64(stats[1]), Convert.ToInt64(stats[3])));
                if (stats.Count > 6) largeObjectHeap.Enqueue((e.TimeStamp, Convert.ToInt64(stats[6])));
                break;
            case "GCStart_V2" when e.Payload is { Count: > 3 } payload:
                generation = Convert.ToInt32(payload[1]);
                if (generation == 2)
                    gen2Running[Convert.ToInt64(payload[0])] = (e.TimeStamp, Convert.ToInt32(payload[3]) == BackgroundType, Convert.ToInt32(payload[2]));
                break;
            case "GCEnd_V1" when e.Payload is { Count: > 0 } payload && gen2Running.TryRemove(Convert.ToInt64(payload[0]), out var run):
                gen2.Enqueue((run.Began, e.TimeStamp, run.Background, run.Reason));
                break;
            case "ThreadPoolWorkerThreadAdjustmentAdjustment" when e.Payload is { Count: > 2 } payload && Convert.ToInt32(payload[2]) == StarvationReason:
                starved.Enqueue((e.TimeStamp, Convert.ToInt64(payload[1])));
                break;
            case "GCRestartEEEnd_V1" when suspended != default:
                pauses.Enqueue((generation, (e.TimeStamp - suspended).TotalMilliseconds));
                suspended = default;
                generation = -1;
                break;
        }
    }

    /// <summary>One line: pauses by generation (count, longest) and in all (count, p99, longest, total).</summary>
    public string Describe()
    {
        var all = pauses.ToArray();
        var total = all.Sum(p => p.Ms);
        var byGeneration = all.GroupBy(p => p.Generation).OrderBy(g => g.Key)
            .Select(g => $"gen{(g.Key < 0 ? "?" : g.Key.ToString())} {g.Count():N0} (longest {Report.Ms(g.Max(p => p.Ms))})");
        return $"GC pauses: {all.Length:N0}, {Report.Ms(total)} in all, p99 {Report.Ms(new Percentiles(all.Select(p => p.Ms)).At(0.99))}; " +
            string.Join(", ", byGeneration) +
            $"; longest suspension {Report.Ms(suspensions.DefaultIfEmpty().Max())}; promoted per GC: gen0→1 {Report.MiB((long)promoted.Select(p => p.Gen0).DefaultIfEmpty().Average())}, " +
            $"gen1→2 {Report.MiB((long)promoted.Select(p => p.Gen1).DefaultIfEmpty().Average())}";
    }

    /// <summary>
    /// One line: each gen2 collection (background or blocking, why, from which second for how long), the large object
    /// heap's growth and the thread pool's starvation injections, in seconds after <paramref name="origin"/>.
    /// </summary>
    public string DescribeTimeline(DateTimeOffset origin)
    {
        string Second(DateTime at) => $"{(new DateTimeOffset(at.ToUniversalTime()) - origin).TotalSeconds:0.0}";
        var collections = gen2.Select(g => $"{(g.Background ? "background" : "blocking")} ({Reason(g.Reason)}) at {Second(g.Began)} s for {Report.Ms((g.Ended - g.Began).TotalMilliseconds)}");
        var starvation = starved.ToArray();
        // The large object heap only shrinks in a gen2 collection, so its growth between two collections is what was
        // allocated there; a background collection makes such allocations wait once they outgrow its budget.
        var sizes = largeObjectHeap.ToArray();
        var grown = sizes.Zip(sizes.Skip(1), (a, b) => (b.At, Bytes: Math.Max(0, b.Bytes - a.Bytes))).ToArray();
        var grownInBackground = grown.Where(g => gen2.Any(c => c.Background && g.At >= c.Began && g.At <= c.Ended)).Sum(g => g.Bytes);
        return $"gen2 collections: {(gen2.IsEmpty ? "none" : string.Join(", ", collections))}; " +
            $"large object heap grew {Report.MiB(grown.Sum(g => g.Bytes))} between collections ({Report.MiB(grownInBackground)} during background ones); " +
            "thread pool starved: " +
            (starvation.Length == 0 ? "never" : $"{starvation.Length:N0} times, at {string.Join(", ", starvation.Take(8).Select(s => Second(s.At) + " s"))}" +
                $"{(starvation.Length > 8 ? ", …" : "")} (up to {starvation.Max(s => s.Threads)} threads)");
    }

    private static string Reason(int reason) => reason >= 0 && reason < Reasons.Length ? Reasons[reason] : $"reason {reason}";
}
