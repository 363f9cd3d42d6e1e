using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings;

/// <summary>
/// What a booking's events ask of other entities. Delivered at least once, so every target command is idempotent:
/// <see cref="RecordNoShow"/> by (booking, ordinal), <see cref="ReleaseReservation"/> by booking,
/// <see cref="SettleFee"/> by the time the booking was made.
/// </summary>
public static class BookingReactions
{
    public static IEnumerable<Reaction> From(string bookingId, BookingEvent @event, DateTimeOffset at) => @event switch
    {
        NoShowRecorded e when e.Reason == NoShowReason.NotJoined =>
        [
            new(BookingKinds.CustomerKindName, e.Customer, new RecordNoShow(bookingId, e.Ordinal, e.At, e.Reason, e.Policy)),
            // The rest of a missed session's slot can be booked by someone else.
            new(BookingKinds.ResourceKindName, e.Resource, new ReleaseReservation(bookingId)),
        ],
        NoShowRecorded e => [new(BookingKinds.CustomerKindName, e.Customer, new RecordNoShow(bookingId, e.Ordinal, e.At, e.Reason, e.Policy))],
        BookingCancelled e => [new(BookingKinds.ResourceKindName, e.Resource, new ReleaseReservation(bookingId))],
        SessionInterrupted e => [new(BookingKinds.ResourceKindName, e.Resource, new ReleaseReservation(bookingId))],
        BookingCreated { FeeRequired: true } e => [new(BookingKinds.CustomerKindName, e.Customer, new SettleFee(bookingId, e.At))],
        _ => [],
    };
}
