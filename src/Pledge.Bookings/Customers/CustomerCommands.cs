using System.Text.Json.Serialization;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Policies;

namespace Pledge.Bookings.Customers;

/// <summary>What may be asked of a customer's standing.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RecordNoShow), "record_no_show")]
[JsonDerivedType(typeof(SettleFee), "settle_fee")]
[JsonDerivedType(typeof(RestrictCustomer), "restrict")]
[JsonDerivedType(typeof(LiftRestriction), "lift_restriction")]
[JsonDerivedType(typeof(CustomerDeadlineReached), "deadline_reached")]
public abstract record CustomerCommand;

/// <summary>
/// Counts a no-show of a booking. Idempotent by (<paramref name="BookingId"/>, <paramref name="Ordinal"/>): a booking
/// can count more than once (a late change, then not joining), but each of its no-shows only once.
/// </summary>
public sealed record RecordNoShow(string BookingId, int Ordinal, DateTimeOffset At, NoShowReason Reason, BookingPolicy Policy) : CustomerCommand;

/// <summary>
/// A fee-required booking was made at <paramref name="BookedAt"/>: it pays the pending fee. Only a booking made
/// after the fee was imposed settles it, so a late duplicate cannot clear a newer fee.
/// </summary>
public sealed record SettleFee(string BookingId, DateTimeOffset BookedAt) : CustomerCommand;

/// <summary>A reviewer bars the customer from support until <paramref name="Until"/>, or permanently when it is null.</summary>
public sealed record RestrictCustomer(string Reason, DateTimeOffset? Until, string By) : CustomerCommand;

public sealed record LiftRestriction(string By, string? Reason = null) : CustomerCommand;

public sealed record CustomerDeadlineReached(string Name, DateTimeOffset DueAt) : CustomerCommand;
