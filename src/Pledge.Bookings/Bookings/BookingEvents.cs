using System.Text.Json.Serialization;
using Pledge.Bookings.Policies;

namespace Pledge.Bookings.Bookings;

/// <summary>What has happened to a booking; the discriminators are the webhook event types.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BookingCreated), "booking_created")]
[JsonDerivedType(typeof(BookingRescheduled), "booking_rescheduled")]
[JsonDerivedType(typeof(BookingCancelled), "booking_cancelled")]
[JsonDerivedType(typeof(ReminderDue), "reminder_due")]
[JsonDerivedType(typeof(ReminderSkipped), "reminder_skipped")]
[JsonDerivedType(typeof(NoShowRecorded), "no_show")]
[JsonDerivedType(typeof(CustomerJoined), "customer_joined")]
[JsonDerivedType(typeof(CustomerActive), "customer_active")]
[JsonDerivedType(typeof(CustomerLeft), "customer_left")]
[JsonDerivedType(typeof(SessionInterrupted), "session_interrupted")]
[JsonDerivedType(typeof(SessionCompleted), "session_completed")]
public abstract record BookingEvent;

public sealed record BookingCreated(
    string Customer,
    string Resource,
    DateTimeOffset Start,
    DateTimeOffset End,
    BookingPolicy Policy,
    bool FeeRequired,
    DateTimeOffset At) : BookingEvent;

public sealed record BookingRescheduled(
    DateTimeOffset FromStart,
    DateTimeOffset FromEnd,
    DateTimeOffset Start,
    DateTimeOffset End,
    ChangedBy By,
    bool Late,
    DateTimeOffset At) : BookingEvent;

public sealed record BookingCancelled(
    string Customer,
    string Resource,
    string? Reason,
    ChangedBy By,
    bool Late,
    DateTimeOffset At) : BookingEvent;

/// <summary>Time to send a reminder: the platform sends it through <paramref name="Channel"/>.</summary>
public sealed record ReminderDue(
    string Customer,
    string Resource,
    DateTimeOffset Start,
    ReminderChannel Channel,
    TimeSpan Offset,
    DateTimeOffset DueAt) : BookingEvent;

/// <summary>A reminder whose time had already passed when the booking was made or moved; never sent late.</summary>
public sealed record ReminderSkipped(ReminderChannel Channel, TimeSpan Offset, DateTimeOffset DueAt) : BookingEvent;

/// <summary>
/// A no-show counted against the customer: not joined in time, or a late change. <paramref name="Ordinal"/>
/// numbers the no-shows of this booking, so the customer counts each exactly once.
/// </summary>
public sealed record NoShowRecorded(
    string Customer,
    string Resource,
    int Ordinal,
    NoShowReason Reason,
    DateTimeOffset At,
    BookingPolicy Policy) : BookingEvent;

public sealed record CustomerJoined(DateTimeOffset At) : BookingEvent;

public sealed record CustomerActive(DateTimeOffset At) : BookingEvent;

public sealed record CustomerLeft(DateTimeOffset At) : BookingEvent;

/// <summary>The customer fell silent for longer than the policy allows; the session is cancelled, not a no-show.</summary>
public sealed record SessionInterrupted(
    string Customer,
    string Resource,
    DateTimeOffset LastActivity,
    DateTimeOffset At,
    string Recommendation = "reschedule") : BookingEvent;

public sealed record SessionCompleted(DateTimeOffset At) : BookingEvent;
