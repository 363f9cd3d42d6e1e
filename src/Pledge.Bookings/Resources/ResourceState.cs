using System.Collections.Immutable;

namespace Pledge.Bookings.Resources;

/// <summary>A booking's hold on [start, end) of a resource.</summary>
public sealed record Reservation(string BookingId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>The reservations of one resource that have not ended yet, ordered by start.</summary>
public sealed record ResourceState(ImmutableArray<Reservation> Reservations)
{
    public static readonly ResourceState Empty = new(ImmutableArray<Reservation>.Empty);

    public Reservation? Find(string bookingId) => Reservations.FirstOrDefault(r => r.BookingId == bookingId);
}
