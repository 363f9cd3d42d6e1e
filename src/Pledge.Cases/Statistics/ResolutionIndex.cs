namespace Pledge.Cases.Statistics;

/// <summary>
/// A company's resolution index over [<paramref name="From"/>, <paramref name="To"/>): complaints resolved ÷
/// complaints closed in the period, with the counts behind it; <see cref="Index"/> is null when none closed.
/// </summary>
public sealed record ResolutionIndex(DateTimeOffset From, DateTimeOffset To, int Closed, int Resolved)
{
    public int NotResolved => Closed - Resolved;

    public double? Index => Closed == 0 ? null : (double)Resolved / Closed;
}
