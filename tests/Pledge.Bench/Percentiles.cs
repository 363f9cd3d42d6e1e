namespace Pledge.Bench;

/// <summary>Nearest-rank percentiles of a set of samples (milliseconds).</summary>
internal sealed class Percentiles
{
    private readonly double[] sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        sorted = [.. samples];
        Array.Sort(sorted);
    }

    public int Count => sorted.Length;

    public double Min => sorted.Length == 0 ? double.NaN : sorted[0];

    public int CountBelow(double value) => sorted.TakeWhile(s => s < value).Count();

    public double Max => sorted.Length == 0 ? double.NaN : sorted[^1];

    public double At(double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    public string Describe() =>
        $"p50 {Report.Ms(At(0.50))}, p99 {Report.Ms(At(0.99))}, max {Report.Ms(Max)} (min {Report.Ms(Min)}, {Count:N0} samples)";
}
