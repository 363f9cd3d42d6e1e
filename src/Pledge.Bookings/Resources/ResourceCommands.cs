using System.Text.Json.Serialization;

namespace Pledge.Bookings.Resources;

/// <summary>What may be asked of a resource's schedule (an agent's calendar): the exclusivity authority.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Reserve), "reserve")]
[JsonDerivedType(typeof(MoveReservation), "move")]
[JsonDerivedType(typeof(ReleaseReservation), "release")]
[JsonDerivedType(typeof(ExpireReservations), "expire")]
public abstract record ResourceCommand;

/// <summary>Holds [start, end) for a booking; repeating it with the same range changes nothing.</summary>
public sealed record Reserve(string BookingId, DateTimeOffset Start, DateTimeOffset End) : ResourceCommand;

/// <summary>Moves a booking's reservation to [start, end); moving to where it already is changes nothing.</summary>
public sealed record MoveReservation(string BookingId, DateTimeOffset Start, DateTimeOffset End) : ResourceCommand;

/// <summary>Frees a booking's reservation; releasing one that is not held changes nothing.</summary>
public sealed record ReleaseReservation(string BookingId) : ResourceCommand;

/// <summary>Drops reservations that ended at or before <paramref name="Until"/> (the resource's own deadline).</summary>
public sealed record ExpireReservations(DateTimeOffset Until) : ResourceCommand;
