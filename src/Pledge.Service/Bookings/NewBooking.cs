namespace Pledge.Service.BookingDesk;

/// <summary>A request to book <paramref name="Resource"/> for [<paramref name="Start"/>, <paramref name="End"/>).</summary>
/// <param name="Id">The booking id; null to have one generated. Retrying with the same id is idempotent.</param>
/// <param name="Policy">The booking policy's name, resolved for the tenant.</param>
public sealed record NewBooking(
    string? Id,
    string Customer,
    string Resource,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Policy);
