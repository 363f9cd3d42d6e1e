using System.Collections.Immutable;

namespace Pledge.Bookings.Bookings;

/// <summary>The booking as <c>GET /v1/bookings/{id}</c> shows it.</summary>
/// <param name="NoShow">The latest no-show counted for this booking, or null.</param>
/// <param name="NoShows">Every no-show of this booking (a late change, then not joining, counts twice).</param>
public sealed record BookingView(
    string Id,
    string Customer,
    string Resource,
    DateTimeOffset Start,
    DateTimeOffset End,
    BookingStatus Status,
    bool FeeRequired,
    string Policy,
    int PolicyVersion,
    ImmutableArray<ReminderState> Reminders,
    NoShowMark? NoShow,
    ImmutableArray<NoShowMark> NoShows,
    ImmutableArray<BookingChange> History)
{
    public static BookingView From(string id, BookingState state) => new(
        id,
        state.Customer,
        state.Resource,
        state.Start,
        state.End,
        state.Status,
        state.FeeRequired,
        state.Policy?.Name ?? "",
        state.Policy?.Version ?? 0,
        state.Reminders,
        state.NoShows.IsEmpty ? null : state.NoShows[^1],
        state.NoShows,
        state.History);
}
