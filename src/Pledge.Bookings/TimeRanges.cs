using Pledge.Domain.Kernel;

namespace Pledge.Bookings;

/// <summary>
/// Booked ranges are half-open, [start, end): a session ending at 10:00 and one starting at 10:00 do not overlap,
/// so back-to-back bookings are allowed.
/// </summary>
public static class TimeRanges
{
    public static bool Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset otherStart, DateTimeOffset otherEnd) =>
        start < otherEnd && otherStart < end;

    /// <summary>The fault of a range as input (naming <c>start</c> or <c>end</c>), or null when it is well formed.</summary>
    public static Rejection? Check(DateTimeOffset start, DateTimeOffset end)
    {
        if (start == default)
            return Rejection.Invalid("start", "A start time is required.");
        if (end == default)
            return Rejection.Invalid("end", "An end time is required.");
        if (!Microseconds.IsWhole(start))
            return Rejection.Invalid("start", "The start must be given to whole microseconds at most.");
        if (!Microseconds.IsWhole(end))
            return Rejection.Invalid("end", "The end must be given to whole microseconds at most.");
        return end > start ? null : Rejection.Invalid("end", "The end must be after the start.");
    }
}
