using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Bookings.Bookings;

[JsonConverter(typeof(SnakeCaseEnumConverter<BookingStatus>))]
public enum BookingStatus
{
    /// <summary>Never created; hosts answer 404 for it.</summary>
    New,
    /// <summary>Booked; the customer has not joined yet.</summary>
    Scheduled,
    /// <summary>The customer has joined (and may have left again) and the range has not ended.</summary>
    InProgress,
    Completed,
    Cancelled,
    NoShow,
    /// <summary>Cancelled because the customer fell silent during the session; a reschedule is recommended.</summary>
    Interrupted,
}

/// <summary>A reminder's state: due (waiting for its time), sent, skipped (its time had passed), withdrawn (cancelled).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ReminderStatus>))]
public enum ReminderStatus
{
    Due,
    Sent,
    Skipped,
    Withdrawn,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<AttendanceKind>))]
public enum AttendanceKind
{
    Joined,
    Activity,
    Left,
}

/// <summary>Who asked for a change. Only the customer's own late changes count as no-shows.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ChangedBy>))]
public enum ChangedBy
{
    Customer,
    Provider,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<NoShowReason>))]
public enum NoShowReason
{
    /// <summary>Not joined within the join grace after the start.</summary>
    NotJoined,
    LateReschedule,
    LateCancellation,
}
