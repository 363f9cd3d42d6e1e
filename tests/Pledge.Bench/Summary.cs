using System.Text;
using System.Text.Json;

namespace Pledge.Bench;

/// <summary>The one-line JSON the run ends with; a figure stays null when its step could not run (the reason is printed above).</summary>
internal sealed class Summary
{
    public double? PgCeilingTps { get; set; }
    public double? TrivialPerSec { get; set; }
    public double? IngestMemPerSec { get; set; }
    public double? IngestPgPerSec { get; set; }
    public double? P99LatencyMs { get; set; }
    public double? DeadlineP99Ms { get; set; }
    public double? DeadlineP99MsMemory { get; set; }
    public double? RssMiBEmpty { get; set; }
    /// <summary>Idle after the start on 100,000 stored, with the grains it activated (firing activates each overdue entity).</summary>
    public double? RssMiBAt100k { get; set; }
    /// <summary>As <see cref="RssMiBAt100k"/>, at <see cref="RssLargeStored"/> stored.</summary>
    public double? RssMiBAt1M { get; set; }
    /// <summary>After those grains were collected (Orleans' management grain) and a full GC, once RSS stopped falling.</summary>
    public double? RssMiBAt100kCollected { get; set; }
    public double? RssMiBAt1MCollected { get; set; }
    /// <summary>How many conversations were stored when <see cref="RssMiBAt1M"/> was measured (1,000,000 when feasible).</summary>
    public double? RssLargeStored { get; set; }
    public double? OverdueFiredPerSec { get; set; }
    public double? FailoverMaxLateSec { get; set; }
    public double? ReplayEventsPerSec { get; set; }
    public double? ScreenPerSec { get; set; }

    public double? RatioPgVsCeiling => IngestPgPerSec is { } pg && PgCeilingTps is { } ceiling && ceiling > 0 ? pg / ceiling : null;

    public double? IngestMemRatio => IngestMemPerSec is { } mem && TrivialPerSec is { } trivial && trivial > 0 ? mem / trivial : null;

    public bool Complete =>
        new[]
        {
            PgCeilingTps, TrivialPerSec, IngestMemPerSec, IngestPgPerSec, RatioPgVsCeiling, IngestMemRatio, P99LatencyMs, DeadlineP99Ms, DeadlineP99MsMemory,
            RssMiBEmpty, RssMiBAt100k, RssMiBAt1M, FailoverMaxLateSec, ReplayEventsPerSec, ScreenPerSec,
        }.All(v => v is not null);

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Write(json, "pgCeilingTps", PgCeilingTps, 0);
            Write(json, "trivialPerSec", TrivialPerSec, 0);
            Write(json, "ingestMemPerSec", IngestMemPerSec, 0);
            Write(json, "ingestPgPerSec", IngestPgPerSec, 0);
            Write(json, "ratioPgVsCeiling", RatioPgVsCeiling, 3);
            Write(json, "ingestMemRatio", IngestMemRatio, 3);
            Write(json, "p99LatencyMs", P99LatencyMs, 1);
            Write(json, "deadlineP99Ms", DeadlineP99Ms, 1);
            Write(json, "deadlineP99MsMemory", DeadlineP99MsMemory, 1);
            Write(json, "rssMiBEmpty", RssMiBEmpty, 1);
            Write(json, "rssMiBAt100k", RssMiBAt100k, 1);
            Write(json, "rssMiBAt1M", RssMiBAt1M, 1);
            Write(json, "rssLargeStored", RssLargeStored, 0);
            Write(json, "rssMiBAt100kCollected", RssMiBAt100kCollected, 1);
            Write(json, "rssMiBAt1MCollected", RssMiBAt1MCollected, 1);
            Write(json, "overdueFiredPerSec", OverdueFiredPerSec, 0);
            Write(json, "failoverMaxLateSec", FailoverMaxLateSec, 1);
            Write(json, "replayEventsPerSec", ReplayEventsPerSec, 0);
            Write(json, "screenPerSec", ScreenPerSec, 0);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, string name, double? value, int decimals)
    {
        if (value is { } v && double.IsFinite(v))
            json.WriteNumber(name, Math.Round(v, decimals));
        else
            json.WriteNull(name);
    }
}
