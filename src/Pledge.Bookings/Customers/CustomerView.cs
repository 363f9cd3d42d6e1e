using System.Collections.Immutable;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Policies;

namespace Pledge.Bookings.Customers;

public sealed record NoShowView(string BookingId, DateTimeOffset At, NoShowReason Reason, DateTimeOffset CountsUntil, NoShowConsequence Consequence);

public sealed record WarningView(string BookingId, DateTimeOffset At);

/// <summary>The no-show sanction in force: a fee on the next booking (no end date) or an embargo until a date.</summary>
public sealed record NoShowSanctionView(NoShowSanction Kind, DateTimeOffset Since, DateTimeOffset? Until);

public sealed record RestrictionView(string Reason, string By, DateTimeOffset Since, DateTimeOffset? Until, bool Permanent);

/// <summary>A sanction from another area (e.g. conduct), listed on the customer for the reader.</summary>
public sealed record CustomerSanctionView(string Kind, string Source, string Reason, DateTimeOffset Since, DateTimeOffset? Until);

/// <summary>A claim the customer holds (filled in by the claims area).</summary>
public sealed record CustomerClaimView(string Id, string Status, DateTimeOffset At);

/// <summary>
/// The customer as <c>GET /v1/customers/{id}</c> shows it. Other areas add their part with a <c>with</c>
/// expression on <see cref="Sanctions"/> and <see cref="Claims"/>.
/// </summary>
public sealed record CustomerView(
    string Id,
    int NoShowsIn12Months,
    ImmutableArray<NoShowView> NoShows,
    ImmutableArray<WarningView> Warnings,
    NoShowSanctionView? Sanction,
    RestrictionView? Restriction,
    SupportLevel SupportLevel,
    BookingVerdict Booking,
    ImmutableArray<CustomerSanctionView> Sanctions,
    ImmutableArray<CustomerClaimView> Claims)
{
    /// <summary>The view at <paramref name="now"/> (exact even if a deadline has not been processed yet).</summary>
    public static CustomerView From(string id, CustomerState state, DateTimeOffset now)
    {
        var counting = state.NoShows.Where(n => n.ExpiresAt > now).ToArray();
        NoShowSanctionView? sanction =
            state.Embargo is { } embargo && now < embargo.Until
                ? new(NoShowSanction.Embargo, embargo.Since, embargo.Until)
                : state.FeeImposedAt is { } imposed
                    ? new(NoShowSanction.Fee, imposed, null)
                    : null;
        var restriction = state.Restriction is { } r && r.IsActive(now)
            ? new RestrictionView(r.Reason, r.By, r.Since, r.Until, r.Until is null)
            : null;
        return new(
            id,
            counting.Length,
            [.. counting.Select(n => new NoShowView(n.BookingId, n.At, n.Reason, n.ExpiresAt - Microseconds.One, n.Consequence))],
            [.. counting.Where(n => n.Consequence == NoShowConsequence.Warning).Select(n => new WarningView(n.BookingId, n.At))],
            sanction,
            restriction,
            CustomerRules.SupportLevelOf(state, now),
            CustomerRules.CanBook(state, now).Verdict,
            [],
            []);
    }
}
