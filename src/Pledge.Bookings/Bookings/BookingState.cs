using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Bookings.Policies;
using Pledge.Domain.Json;

namespace Pledge.Bookings.Bookings;

/// <summary>One reminder of the current schedule.</summary>
public sealed record ReminderState(ReminderChannel Channel, TimeSpan Offset, DateTimeOffset DueAt, ReminderStatus Status)
{
    /// <summary>The reminder's deadline name, unique per booking, e.g. <c>reminder:email:PT1H</c>.</summary>
    [JsonIgnore]
    public string DeadlineName => $"reminder:{Channel.ToString().ToLowerInvariant()}:{IsoDurationConverter.Format(Offset)}";
}

public sealed record NoShowMark(int Ordinal, NoShowReason Reason, DateTimeOffset At);

/// <summary>One line of a booking's history, e.g. <c>rescheduled</c> with the new range.</summary>
public sealed record BookingChange(DateTimeOffset At, string Change, DateTimeOffset? Start = null, DateTimeOffset? End = null, string? Note = null);

public sealed record BookingState(
    BookingStatus Status,
    string Customer,
    string Resource,
    DateTimeOffset Start,
    DateTimeOffset End,
    BookingPolicy? Policy,
    bool FeeRequired,
    ImmutableArray<ReminderState> Reminders,
    bool Joined,
    bool Present,
    DateTimeOffset? LastActivity,
    ImmutableArray<NoShowMark> NoShows,
    ImmutableArray<BookingChange> History)
{
    public static readonly BookingState Initial = new(
        BookingStatus.New, "", "", default, default, null, false, [], false, false, null, [], []);

    [JsonIgnore]
    public bool Exists => Status != BookingStatus.New;

    [JsonIgnore]
    public bool IsOver => Status is BookingStatus.Completed or BookingStatus.Cancelled or BookingStatus.NoShow or BookingStatus.Interrupted;

    /// <summary>Created and not over: the booking still needs its slot.</summary>
    [JsonIgnore]
    public bool IsLive => Exists && !IsOver;

    /// <summary>The policy of a created booking.</summary>
    [JsonIgnore]
    public BookingPolicy Terms => Policy ?? throw new InvalidOperationException("The booking has not been created.");
}
