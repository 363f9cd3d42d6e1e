using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Pledge.Bookings.Resources;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Reserved), "reserved")]
[JsonDerivedType(typeof(ReservationMoved), "reservation_moved")]
[JsonDerivedType(typeof(ReservationReleased), "reservation_released")]
[JsonDerivedType(typeof(ReservationsExpired), "reservations_expired")]
public abstract record ResourceEvent;

public sealed record Reserved(string BookingId, DateTimeOffset Start, DateTimeOffset End) : ResourceEvent;

public sealed record ReservationMoved(
    string BookingId, DateTimeOffset FromStart, DateTimeOffset FromEnd, DateTimeOffset Start, DateTimeOffset End) : ResourceEvent;

public sealed record ReservationReleased(string BookingId) : ResourceEvent;

public sealed record ReservationsExpired(ImmutableArray<string> BookingIds, DateTimeOffset Until) : ResourceEvent;
