using System.Text.Json.Serialization;
using Pledge.Bookings.Policies;

namespace Pledge.Bookings.Bookings;

/// <summary>What may be asked of a booking.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CreateBooking), "create")]
[JsonDerivedType(typeof(RescheduleBooking), "reschedule")]
[JsonDerivedType(typeof(CancelBooking), "cancel")]
[JsonDerivedType(typeof(ReportAttendance), "attendance")]
[JsonDerivedType(typeof(BookingDeadlineReached), "deadline_reached")]
public abstract record BookingCommand;

/// <summary>
/// Creates the booking. <paramref name="FeeRequired"/> is decided by the caller from the customer's state
/// (see <see cref="BookingFlow"/>); the resource must already be reserved for this booking id.
/// Repeating the same create changes nothing.
/// </summary>
public sealed record CreateBooking(
    string Customer,
    string Resource,
    DateTimeOffset Start,
    DateTimeOffset End,
    BookingPolicy Policy,
    bool FeeRequired = false) : BookingCommand;

public sealed record RescheduleBooking(DateTimeOffset Start, DateTimeOffset End, ChangedBy By = ChangedBy.Customer) : BookingCommand;

public sealed record CancelBooking(string? Reason = null, ChangedBy By = ChangedBy.Customer) : BookingCommand;

/// <summary>The platform's attendance report; <paramref name="At"/> defaults to the time it is decided.</summary>
public sealed record ReportAttendance(AttendanceKind Kind, DateTimeOffset? At = null) : BookingCommand;

public sealed record BookingDeadlineReached(string Name, DateTimeOffset DueAt) : BookingCommand;
