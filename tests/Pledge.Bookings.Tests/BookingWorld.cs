using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Tests;

/// <summary>
/// Bookings, resources and customers wired the way the application layer and a host wire them: the
/// <see cref="BookingFlow"/> orchestration for requests, deadlines fired in time order, reactions delivered.
/// </summary>
internal sealed class BookingWorld(DateTimeOffset now)
{
    private readonly EntityKind<BookingCommand, BookingEvent, BookingState> bookingKind = BookingKinds.Booking();
    private readonly EntityKind<ResourceCommand, ResourceEvent, ResourceState> resourceKind = BookingKinds.Resource();
    private readonly EntityKind<CustomerCommand, CustomerEvent, CustomerState> customerKind = BookingKinds.Customer();

    public DateTimeOffset Now { get; private set; } = now;

    public Dictionary<string, Entity<BookingCommand, BookingEvent, BookingState>> Bookings { get; } = [];

    public Dictionary<string, Entity<ResourceCommand, ResourceEvent, ResourceState>> Resources { get; } = [];

    public Dictionary<string, Entity<CustomerCommand, CustomerEvent, CustomerState>> Customers { get; } = [];

    public Entity<BookingCommand, BookingEvent, BookingState> Booking(string id) => Get(Bookings, id, () => new(bookingKind));

    public Entity<ResourceCommand, ResourceEvent, ResourceState> Resource(string id) => Get(Resources, id, () => new(resourceKind));

    public Entity<CustomerCommand, CustomerEvent, CustomerState> Customer(string id) => Get(Customers, id, () => new(customerKind));

    public Rejection? Book(string id, string customer, string resource, DateTimeOffset start, DateTimeOffset end, BookingPolicy? policy = null)
    {
        var plan = BookingFlow.PlanCreate(id, customer, resource, start, end, policy ?? BookingPolicies.SupportDeskBooking, Customer(customer).State, Now);
        if (!plan.IsPlanned)
            return plan.Refusal;
        return Reserve(plan) ?? Create(id, plan);
    }

    /// <summary>Step 2 of a create alone, so a test can interleave two requests.</summary>
    public Rejection? Reserve(CreatePlan plan) => Resource(plan.Create!.Resource).Send(plan.Reserve!, Now).Rejection;

    public Rejection? Create(string id, CreatePlan plan)
    {
        var booking = Booking(id);
        var created = booking.Send(plan.Create!, Now);
        if (!created.IsAccepted)
        {
            if (BookingFlow.ReleaseAfterRefusedCreate(plan.Reserve!, plan.Create!.Resource, booking.State) is { } release)
                Resource(plan.Create!.Resource).Accept(release, Now);
            return created.Rejection;
        }

        Dispatch(id, created.Events);
        return null;
    }

    public Rejection? Reschedule(string id, DateTimeOffset start, DateTimeOffset end)
    {
        var booking = Booking(id);
        var plan = BookingFlow.PlanReschedule(id, booking.State, start, end, ChangedBy.Customer, Now);
        if (!plan.IsPlanned)
            return plan.Refusal;
        var resource = Resource(booking.State.Resource);
        if (resource.Send(plan.Move, Now).Rejection is { } conflict)
            return conflict;
        var rescheduled = booking.Send(plan.Reschedule, Now);
        if (!rescheduled.IsAccepted)
        {
            resource.Accept(BookingFlow.UndoMove(id, booking.State), Now);
            return rescheduled.Rejection;
        }

        Dispatch(id, rescheduled.Events);
        return null;
    }

    public Rejection? Cancel(string id)
    {
        var booking = Booking(id);
        var cancelled = booking.Send(new CancelBooking("test"), Now);
        if (!cancelled.IsAccepted)
            return cancelled.Rejection;
        Resource(booking.State.Resource).Accept(new ReleaseReservation(id), Now);
        Dispatch(id, cancelled.Events);
        return null;
    }

    public Rejection? Attend(string id, AttendanceKind kind)
    {
        var decision = Booking(id).Send(new ReportAttendance(kind, Now), Now);
        Dispatch(id, decision.Events);
        return decision.Rejection;
    }

    /// <summary>Moves time on, firing every entity's deadlines in due order and delivering their reactions.</summary>
    public void AdvanceTo(DateTimeOffset until)
    {
        while (true)
        {
            var next = Bookings.Select(b => (Due: b.Value.NextDue(until), Fire: (Action<Deadline>)(d => Dispatch(b.Key, b.Value.Fire(d)))))
                .Concat(Resources.Values.Select(r => (Due: r.NextDue(until), Fire: (Action<Deadline>)(d => r.Fire(d)))))
                .Concat(Customers.Values.Select(c => (Due: c.NextDue(until), Fire: (Action<Deadline>)(d => c.Fire(d)))))
                .Where(x => x.Due is not null)
                .OrderBy(x => x.Due!.DueAt)
                .FirstOrDefault();
            if (next.Due is null)
                break;
            Now = next.Due.DueAt > Now ? next.Due.DueAt : Now;
            next.Fire(next.Due);
        }

        Now = until;
    }

    private void Dispatch(string bookingId, IEnumerable<BookingEvent> events)
    {
        foreach (var reaction in events.SelectMany(e => bookingKind.React(bookingId, e, Now)).ToArray())
        {
            // Delivered twice on purpose: reactions are at-least-once.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                switch (reaction.Kind)
                {
                    case BookingKinds.CustomerKindName:
                        Customer(reaction.Key).Accept((CustomerCommand)reaction.Command, Now);
                        break;
                    case BookingKinds.ResourceKindName:
                        Resource(reaction.Key).Accept((ResourceCommand)reaction.Command, Now);
                        break;
                    default:
                        throw new InvalidOperationException($"No kind {reaction.Kind}.");
                }
            }
        }
    }

    private static T Get<T>(Dictionary<string, T> entities, string id, Func<T> create)
    {
        if (!entities.TryGetValue(id, out var entity))
            entities[id] = entity = create();
        return entity;
    }
}
