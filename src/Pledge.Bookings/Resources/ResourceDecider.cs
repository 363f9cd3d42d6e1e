using System.Collections.Immutable;
using System.Globalization;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Resources;

/// <summary>
/// The schedule of one resource. Because a host runs one command at a time per resource, of two concurrent
/// requests for one slot exactly one is reserved and the other gets <c>slot_taken</c>.
/// </summary>
public sealed class ResourceDecider : IDecider<ResourceCommand, ResourceEvent, ResourceState>
{
    public const string ExpireDeadline = "expire";

    public static readonly ResourceDecider Instance = new();

    public ResourceState Initial => ResourceState.Empty;

    public Decision<ResourceEvent> Decide(ResourceCommand command, ResourceState state, DateTimeOffset now) => command switch
    {
        Reserve c => Reserve(c, state, now),
        MoveReservation c => Move(c, state, now),
        ReleaseReservation c => state.Find(c.BookingId) is null
            ? Decision<ResourceEvent>.Accept()
            : Decision<ResourceEvent>.Accept(new ReservationReleased(c.BookingId)),
        ExpireReservations c => Expire(c.Until, state),
        _ => Rejection.Invalid("type", $"Unknown resource command {command.GetType().Name}."),
    };

    private static Decision<ResourceEvent> Reserve(Reserve c, ResourceState state, DateTimeOffset now)
    {
        if (CheckInput(c.BookingId, c.Start, c.End, now) is { } invalid)
            return invalid;
        if (state.Find(c.BookingId) is { } held)
        {
            return held.Start == c.Start && held.End == c.End
                ? Decision<ResourceEvent>.Accept()
                : Rejection.Conflict("already_reserved",
                    $"Booking '{c.BookingId}' already holds {Describe(held)}; move it instead.", RangeDetails(held));
        }

        return Clash(state, c.BookingId, c.Start, c.End, now)
            ?? Decision<ResourceEvent>.Accept(new Reserved(c.BookingId, c.Start, c.End));
    }

    private static Decision<ResourceEvent> Move(MoveReservation c, ResourceState state, DateTimeOffset now)
    {
        if (CheckInput(c.BookingId, c.Start, c.End, now) is { } invalid)
            return invalid;
        if (state.Find(c.BookingId) is not { } held)
            return Rejection.NotFound($"Booking '{c.BookingId}' holds no reservation on this resource.", "reservation_not_found");
        if (held.Start == c.Start && held.End == c.End)
            return Decision<ResourceEvent>.Accept();
        return Clash(state, c.BookingId, c.Start, c.End, now)
            ?? Decision<ResourceEvent>.Accept(new ReservationMoved(c.BookingId, held.Start, held.End, c.Start, c.End));
    }

    private static Decision<ResourceEvent> Expire(DateTimeOffset until, ResourceState state)
    {
        var ended = state.Reservations.Where(r => r.End <= until).Select(r => r.BookingId).ToArray();
        return ended.Length == 0
            ? Decision<ResourceEvent>.Accept()
            : Decision<ResourceEvent>.Accept(new ReservationsExpired([.. ended], until));
    }

    public ResourceState Evolve(ResourceState state, ResourceEvent @event) => @event switch
    {
        Reserved e => state with { Reservations = Sorted(state.Reservations.Add(new(e.BookingId, e.Start, e.End))) },
        ReservationMoved e => state with
        {
            Reservations = Sorted(state.Reservations.RemoveAll(r => r.BookingId == e.BookingId).Add(new(e.BookingId, e.Start, e.End))),
        },
        ReservationReleased e => state with { Reservations = state.Reservations.RemoveAll(r => r.BookingId == e.BookingId) },
        ReservationsExpired e => state with { Reservations = state.Reservations.RemoveAll(r => e.BookingIds.Contains(r.BookingId)) },
        _ => state,
    };

    /// <summary>One deadline at the earliest end, so ended reservations leave the state without anyone asking.</summary>
    public IEnumerable<Deadline> Deadlines(ResourceState state)
    {
        if (!state.Reservations.IsEmpty)
            yield return new Deadline(ExpireDeadline, state.Reservations.Min(r => r.End));
    }

    public ResourceCommand OnDeadline(Deadline deadline) => new ExpireReservations(deadline.DueAt);

    private static Rejection? CheckInput(string bookingId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(bookingId))
            return Rejection.Invalid("bookingId", "A booking id is required.");
        if (TimeRanges.Check(start, end) is { } invalid)
            return invalid;
        return end > now ? null : Rejection.Invalid("end", "The range is already over.");
    }

    // Ended reservations may linger until the expire deadline runs; they cannot clash with anything still ahead.
    private static Rejection? Clash(ResourceState state, string bookingId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        state.Reservations.FirstOrDefault(r => r.BookingId != bookingId && r.End > now && TimeRanges.Overlap(r.Start, r.End, start, end)) is { } other
            ? Rejection.Conflict("slot_taken", $"The resource is already booked {Describe(other)}.", RangeDetails(other))
            : null;

    private static Dictionary<string, string> RangeDetails(Reservation r) => new()
    {
        ["conflictingStart"] = r.Start.ToString("O", CultureInfo.InvariantCulture),
        ["conflictingEnd"] = r.End.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string Describe(Reservation r) =>
        $"from {r.Start.ToString("O", CultureInfo.InvariantCulture)} to {r.End.ToString("O", CultureInfo.InvariantCulture)}";

    private static ImmutableArray<Reservation> Sorted(ImmutableArray<Reservation> reservations) =>
        [.. reservations.OrderBy(r => r.Start).ThenBy(r => r.BookingId, StringComparer.Ordinal)];
}
