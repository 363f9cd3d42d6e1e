namespace Pledge.Bookings;

/// <summary>
/// PostgreSQL keeps microseconds, and a host fires a deadline only when its stored due time equals the one the
/// state asks for; so every time that feeds a deadline is kept to whole microseconds.
/// </summary>
internal static class Microseconds
{
    public static readonly TimeSpan One = TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);

    public static bool IsWhole(DateTimeOffset time) => time.Ticks % TimeSpan.TicksPerMicrosecond == 0;

    public static bool IsWhole(TimeSpan span) => span.Ticks % TimeSpan.TicksPerMicrosecond == 0;

    public static DateTimeOffset Floor(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
