using System.Text.Json.Serialization;
using Pledge.Domain.Json;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Customers;

[JsonConverter(typeof(SnakeCaseEnumConverter<BookingVerdict>))]
public enum BookingVerdict
{
    Allowed,
    FeeRequired,
    Refused,
}

/// <summary>Whether a customer may book now; <paramref name="Refusal"/> says why not (with the first date possible).</summary>
public sealed record BookingEligibility(BookingVerdict Verdict, Rejection? Refusal = null)
{
    public static readonly BookingEligibility Allowed = new(BookingVerdict.Allowed);
    public static readonly BookingEligibility FeeRequired = new(BookingVerdict.FeeRequired);

    public bool CanBook => Verdict != BookingVerdict.Refused;
}
