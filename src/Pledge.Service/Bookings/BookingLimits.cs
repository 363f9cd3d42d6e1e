using Pledge.Domain.Kernel;

namespace Pledge.Service.BookingDesk;

/// <summary>
/// Sanity bounds on input that the booking terms leave open. A 1:1 support session years ahead, lasting days, or a
/// restriction ending in the year 9000 is a client's mistake, not a request; it is refused naming the field.
/// </summary>
public static class BookingLimits
{
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(730);

    public static readonly TimeSpan MaxSession = TimeSpan.FromHours(24);

    /// <summary>Longer than this is what a permanent restriction (no <c>until</c>) is for.</summary>
    public static readonly TimeSpan MaxRestriction = TimeSpan.FromDays(3653);

    /// <summary>
    /// The fault of a session range beyond the bounds, or null. A start already past is left to the terms, which name
    /// that fault first.
    /// </summary>
    public static Rejection? CheckSession(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (start <= now)
            return null;
        if (start - now > MaxAdvance)
            return Rejection.Invalid("start", $"A session can be booked at most {MaxAdvance.TotalDays:0} days ahead.");
        if (end - start > MaxSession)
            return Rejection.Invalid("end", $"A session lasts at most {MaxSession.TotalHours:0} hours.");
        return null;
    }

    public static Rejection? CheckRestrictionEnd(DateTimeOffset? until, DateTimeOffset now) =>
        until is { } end && end - now > MaxRestriction
            ? Rejection.Invalid("until", $"A temporary restriction lasts at most {MaxRestriction.TotalDays:0} days; omit 'until' for a permanent one.")
            : null;
}
