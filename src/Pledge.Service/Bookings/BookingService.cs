using Pledge.Bookings;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Service.Policies;

// Not Pledge.Service.Bookings: inside Pledge.Service that name would shadow the Pledge.Bookings domain namespace.
namespace Pledge.Service.BookingDesk;

/// <summary>
/// The application side of bookings: runs <see cref="BookingFlow"/>'s orchestration across the customer, the
/// resource (the exclusivity authority) and the booking. No-shows, late changes and fees reach the customer by the
/// booking's reactions, not from here.
/// </summary>
public sealed class BookingService(IEntityHost host, PolicyRegistry policies, TimeProvider clock)
{
    public const string DefaultPolicy = "support-desk-booking";

    /// <summary>
    /// How far ahead of this service's clock a reported attendance time may lie: the platform's clock may run a little
    /// ahead, and such a time counts as now. Further ahead is refused.
    /// </summary>
    public static readonly TimeSpan AttendanceClockSkew = TimeSpan.FromSeconds(5);

    // Create, reschedule and cancel are several sends each; on one node they must not interleave for one booking,
    // or the resource and the booking could end up holding different ranges.
    private readonly KeyedGate gate = new();

    /// <summary>Books the slot. An existing booking with the same id and the same request comes back unchanged.</summary>
    public async Task<(BookingView? View, Rejection? Rejection)> CreateAsync(string tenant, NewBooking request, CancellationToken cancellationToken)
    {
        var id = request.Id ?? NewId();
        using var turn = await gate.EnterAsync(tenant, id, cancellationToken);
        var bookingId = new EntityId(tenant, id);
        if (await host.GetAsync(PledgeCatalog.Booking, bookingId, cancellationToken) is { } existing)
            return IsSameRequest(existing.State, request) ? (BookingView.From(id, existing.State), null) : (null, BookingExists(id));

        var policy = await policies.ResolveAsync(PolicyFamilies.Booking, tenant, request.Policy, cancellationToken);
        if (policy is null)
            return (null, Rejection.Invalid("policy", $"No booking policy named '{request.Policy}'."));
        var now = clock.GetUtcNow();
        if (BookingLimits.CheckSession(request.Start, request.End, now) is { } absurd)
            return (null, absurd);
        var customer = await host.GetAsync(PledgeCatalog.Customer, new EntityId(tenant, request.Customer), cancellationToken);
        var plan = BookingFlow.PlanCreate(id, request.Customer, request.Resource, request.Start, request.End, policy,
            customer?.State ?? CustomerState.Initial, now);
        if (!plan.IsPlanned)
            return (null, plan.Refusal);

        var resourceId = new EntityId(tenant, request.Resource);
        var reserved = await host.SendAsync(PledgeCatalog.Resource, resourceId, plan.Reserve, null, cancellationToken);
        if (reserved.Rejection is { } clash)
            return (null, clash);
        var created = await host.SendAsync(PledgeCatalog.Booking, bookingId, plan.Create, null, cancellationToken);
        if (created.Rejection is { } refused)
        {
            var current = await host.GetAsync(PledgeCatalog.Booking, bookingId, cancellationToken);
            if (BookingFlow.ReleaseAfterRefusedCreate(plan.Reserve, request.Resource, current?.State ?? BookingState.Initial) is { } release)
                await host.SendAsync(PledgeCatalog.Resource, resourceId, release, null, cancellationToken);
            return (null, refused);
        }
        return (BookingView.From(id, created.Snapshot!.State), null);
    }

    public async Task<BookingView?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        await host.GetAsync(PledgeCatalog.Booking, new EntityId(tenant, id), cancellationToken) is { } snapshot
            ? BookingView.From(id, snapshot.State)
            : null;

    /// <summary>Moves the booking: the resource first (a clash changes nothing), then the booking.</summary>
    public async Task<(BookingView? View, Rejection? Rejection)> RescheduleAsync(
        string tenant, string id, DateTimeOffset start, DateTimeOffset end, ChangedBy by, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(tenant, id, cancellationToken);
        var bookingId = new EntityId(tenant, id);
        if (await host.GetAsync(PledgeCatalog.Booking, bookingId, cancellationToken) is not { } booking)
            return (null, NotFound());
        var now = clock.GetUtcNow();
        if (BookingLimits.CheckSession(start, end, now) is { } absurd)
            return (null, absurd);
        var plan = BookingFlow.PlanReschedule(id, booking.State, start, end, by, now);
        if (!plan.IsPlanned)
            return (null, plan.Refusal);

        var resourceId = new EntityId(tenant, booking.State.Resource);
        var moved = await host.SendAsync(PledgeCatalog.Resource, resourceId, plan.Move, null, cancellationToken);
        if (moved.Rejection is { } clash)
            return (null, clash);
        var rescheduled = await host.SendAsync(PledgeCatalog.Booking, bookingId, plan.Reschedule, null, cancellationToken);
        if (rescheduled.Rejection is { } refused)
        {
            var current = await host.GetAsync(PledgeCatalog.Booking, bookingId, cancellationToken);
            await host.SendAsync(PledgeCatalog.Resource, resourceId, BookingFlow.UndoMove(id, current?.State ?? BookingState.Initial), null, cancellationToken);
            return (null, refused);
        }
        return (BookingView.From(id, rescheduled.Snapshot!.State), null);
    }

    /// <summary>Cancels the booking (a late cancel counts as a no-show) and frees its slot at once.</summary>
    public async Task<(BookingView? View, Rejection? Rejection)> CancelAsync(
        string tenant, string id, string? reason, ChangedBy by, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(tenant, id, cancellationToken);
        var cancelled = await host.SendAsync(PledgeCatalog.Booking, new EntityId(tenant, id), new CancelBooking(reason, by), null, cancellationToken);
        if (cancelled.Rejection is { } refused)
            return (null, refused);
        var state = cancelled.Snapshot!.State;
        // The booking's reaction releases the slot too, but later; the next request for it should not have to wait.
        await host.SendAsync(PledgeCatalog.Resource, new EntityId(tenant, state.Resource), new ReleaseReservation(id), null, cancellationToken);
        return (BookingView.From(id, state), null);
    }

    /// <summary>
    /// Records the platform's attendance report. A time up to <see cref="AttendanceClockSkew"/> ahead counts as now
    /// (the decider refuses times later than its own clock); further ahead, or before the booking was made, is
    /// refused naming <c>at</c>.
    /// </summary>
    public async Task<(BookingView? View, Rejection? Rejection)> ReportAttendanceAsync(
        string tenant, string id, AttendanceKind kind, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var bookingId = new EntityId(tenant, id);
        if (at is { } reported)
        {
            var now = clock.GetUtcNow();
            if (reported - now > AttendanceClockSkew)
                return (null, Rejection.Invalid("at", $"'at' lies more than {AttendanceClockSkew.TotalSeconds:0} s in the future."));
            if (await host.GetAsync(PledgeCatalog.Booking, bookingId, cancellationToken) is not { } booking)
                return (null, NotFound());
            if (booking.State.History.FirstOrDefault() is { } made && reported < made.At)
                return (null, Rejection.Invalid("at", "'at' lies before the booking was made."));
            if (reported > now)
                at = now;
        }
        var result = await host.SendAsync(PledgeCatalog.Booking, bookingId, new ReportAttendance(kind, at), null, cancellationToken);
        return result.Rejection is { } refused ? (null, refused) : (BookingView.From(id, result.Snapshot!.State), null);
    }

    private static bool IsSameRequest(BookingState state, NewBooking request) =>
        state.Customer == request.Customer
        && state.Resource == request.Resource
        && state.Policy?.Name == request.Policy
        && state.History.FirstOrDefault() is { } created
        && created.Start == request.Start
        && created.End == request.End;

    private static Rejection BookingExists(string id) =>
        Rejection.Conflict("booking_exists", $"A different booking with the id '{id}' already exists.");

    private static Rejection NotFound() => Rejection.NotFound("No booking with this id.", "booking_not_found");

    private static string NewId() => "bk_" + Guid.NewGuid().ToString("N");
}
