using Pledge.Abstractions;
using Pledge.Bookings.Bookings;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a booking: its decider, nothing more.</summary>
public sealed class BookingGrain(EntityRuntime runtime)
    : EntityGrain<BookingCommand, BookingEvent, BookingState>(PledgeCatalog.Booking, runtime), IBookingGrain;
