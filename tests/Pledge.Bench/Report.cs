using System.Globalization;

namespace Pledge.Bench;

/// <summary>The human-readable part of the output; the machine-readable part is <see cref="Summary"/>.</summary>
internal static class Report
{
    public static void Step(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}  (load average {LoadAverage()})");
    }

    public static void Line(string text) => Console.WriteLine("   " + text);

    public static void Skipped(string what, Exception e) =>
        Console.WriteLine($"   {what}: could not run: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");

    /// <summary>The 1-, 5- and 15-minute load averages: the machine is shared, so every figure is read next to them.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string Number(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}

/// <summary>A check of what the product did (not of how fast) failed: the run fails, whatever its mode.</summary>
internal sealed class CorrectnessException(string message) : Exception(message);
