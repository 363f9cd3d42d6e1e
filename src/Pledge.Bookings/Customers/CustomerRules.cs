using System.Globalization;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Customers;

/// <summary>Pure questions on a customer's state, for the application layer to ask before it acts.</summary>
public static class CustomerRules
{
    /// <summary>
    /// Null when the customer may use support at <paramref name="now"/>; otherwise a <c>customer_restricted</c>
    /// refusal whose message and details say until when (or that it is permanent). Ask it before booking and
    /// before opening a support conversation.
    /// </summary>
    public static Rejection? CheckAccess(CustomerState state, DateTimeOffset now)
    {
        if (state.Restriction is not { } restriction || !restriction.IsActive(now))
            return null;
        var details = new Dictionary<string, string> { ["reason"] = restriction.Reason };
        if (restriction.Until is { } until)
        {
            details["until"] = Iso(until);
            return Rejection.Restricted("customer_restricted",
                $"Access to support is restricted until {Iso(until)}: {restriction.Reason}.", details);
        }

        details["until"] = "permanent";
        return Rejection.Restricted("customer_restricted", $"Access to support is restricted permanently: {restriction.Reason}.", details);
    }

    /// <summary>Whether the customer may book at <paramref name="now"/>: allowed, only with a fee, or refused.</summary>
    public static BookingEligibility CanBook(CustomerState state, DateTimeOffset now)
    {
        if (CheckAccess(state, now) is { } restricted)
            return new(BookingVerdict.Refused, restricted);
        if (state.Embargo?.Until is { } until && now < until)
        {
            return new(BookingVerdict.Refused, Rejection.Restricted("booking_embargo",
                $"Repeated no-shows: booking is possible again from {Iso(until)}.",
                new Dictionary<string, string> { ["reason"] = "repeated_no_shows", ["firstPossible"] = Iso(until) }));
        }

        return state.FeeImposedAt is null ? BookingEligibility.Allowed : BookingEligibility.FeeRequired;
    }

    /// <summary>No-shows still counting at <paramref name="now"/>.</summary>
    public static int NoShowsInWindow(CustomerState state, DateTimeOffset now) => state.NoShows.Count(n => n.ExpiresAt > now);

    /// <summary>Restricted customers get no support; more than one no-show in the window reduces it.</summary>
    public static SupportLevel SupportLevelOf(CustomerState state, DateTimeOffset now) =>
        CheckAccess(state, now) is not null ? SupportLevel.Suspended
        : NoShowsInWindow(state, now) >= 2 ? SupportLevel.Reduced
        : SupportLevel.Standard;

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
