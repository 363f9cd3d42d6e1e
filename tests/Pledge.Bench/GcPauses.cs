using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Pledge.Bench;

/// <summary>
/// The garbage collector's pauses in this process while it lives, from the runtime's own GC events (suspension begun
/// → execution restarted): what a deadline committed during a pause waited for.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentQueue<(int Generation, double Ms)> pauses = new();
    private readonly ConcurrentQueue<double> suspensions = new();
    private readonly ConcurrentQueue<(long Gen0, long Gen1)> promoted = new();
    private DateTime suspended;
    private int generation = -1;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, GcKeyword);
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
                break;
            case "GCStart_V2" when e.Payload is { Count: > 1 } payload:
                generation = Convert.ToInt32(payload[1]);
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
}
