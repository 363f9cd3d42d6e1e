using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Policies;
using Pledge.Domain.Json;

namespace Pledge.Bookings.Customers;

/// <summary>What a counted no-show led to.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<NoShowConsequence>))]
public enum NoShowConsequence
{
    None,
    Warning,
    Fee,
    Embargo,
}

public sealed record CustomerNoShow(
    string BookingId, int Ordinal, DateTimeOffset At, NoShowReason Reason, DateTimeOffset ExpiresAt, NoShowConsequence Consequence);

/// <summary>A reviewer's bar on support access; permanent when <paramref name="Until"/> is null.</summary>
public sealed record Restriction(string Reason, DateTimeOffset? Until, string By, DateTimeOffset Since)
{
    public bool IsActive(DateTimeOffset now) => Until is not { } until || now < until;
}

/// <summary>No booking from the latest repeat no-show (<paramref name="Since"/>) until <paramref name="Until"/>; possible again from that instant on.</summary>
public sealed record Embargo(DateTimeOffset Since, DateTimeOffset Until);

/// <param name="Policy">The booking policy of the latest counted no-show (the terms its sanction ran under).</param>
/// <param name="NoShows">No-shows still inside the window, oldest first.</param>
/// <param name="FeeImposedAt">Set while the next booking requires a fee.</param>
/// <param name="Embargo">Set while booking is barred.</param>
public sealed record CustomerState(
    BookingPolicy? Policy,
    ImmutableArray<CustomerNoShow> NoShows,
    DateTimeOffset? FeeImposedAt,
    Embargo? Embargo,
    Restriction? Restriction)
{
    public static readonly CustomerState Initial = new(null, [], null, null, null);
}
