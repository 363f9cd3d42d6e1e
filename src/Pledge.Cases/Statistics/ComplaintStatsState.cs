namespace Pledge.Cases.Statistics;

/// <summary>A company's closed complaints (the entity key is the company id).</summary>
public sealed record ComplaintStatsState(IReadOnlyList<ComplaintClosure> Closures)
{
    public static ComplaintStatsState Initial { get; } = new([]);

    /// <summary>Complaints closed in [<paramref name="from"/>, <paramref name="to"/>) and how many of them were resolved.</summary>
    public ResolutionIndex ResolutionIndex(DateTimeOffset from, DateTimeOffset to)
    {
        var closed = Closures.Where(c => c.ClosedAt >= from && c.ClosedAt < to).ToList();
        return new ResolutionIndex(from, to, closed.Count, closed.Count(c => c.Resolution == ComplaintResolution.Resolved));
    }
}
