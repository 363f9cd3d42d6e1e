using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;
using Pledge.Testing;

namespace Pledge.Bookings.Tests;

public sealed class BookingFlowTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset Start, DateTimeOffset End) Slot(int day, int hour) =>
        (Monday.AddDays(day).Date.AddHours(hour), Monday.AddDays(day).Date.AddHours(hour + 1));

    [Fact]
    public void Of_two_concurrent_requests_for_one_slot_exactly_one_wins()
    {
        var world = new BookingWorld(Monday);
        var (start, end) = Slot(3, 10);
        var customer = CustomerState.Initial;
        var first = BookingFlow.PlanCreate("b1", "alice", "agent", start, end, BookingPolicies.SupportDeskBooking, customer, world.Now);
        var second = BookingFlow.PlanCreate("b2", "bob", "agent", start.AddMinutes(30), end.AddMinutes(30), BookingPolicies.SupportDeskBooking, customer, world.Now);
        Assert.True(first.IsPlanned && second.IsPlanned);

        var results = new[] { world.Reserve(second), world.Reserve(first) };

        Assert.Null(results[0]);
        Assert.Equal("slot_taken", results[1]!.Code);
        Assert.Equal(start.AddMinutes(30).ToString("O"), results[1]!.Details!["conflictingStart"]);
    }

    [Fact]
    public void A_missed_session_counts_against_the_customer_and_frees_the_rest_of_the_slot()
    {
        var clock = new ManualClock(Monday);
        var world = new BookingWorld(clock.GetUtcNow());
        var (start, end) = Slot(3, 10);
        Assert.Null(world.Book("b1", "alice", "agent", start, end));

        clock.AdvanceTo(start.AddMinutes(5));
        world.AdvanceTo(clock.GetUtcNow());

        Assert.Equal(BookingStatus.NoShow, world.Booking("b1").State.Status);
        Assert.Single(world.Customer("alice").Log.OfType<NoShowWarningIssued>());
        Assert.Empty(world.Resource("agent").State.Reservations);
        Assert.Null(world.Book("b2", "bob", "agent", start.AddMinutes(10), end));
    }

    [Fact]
    public void After_a_repeat_no_show_the_next_booking_is_fee_required_and_settles_the_fee()
    {
        var world = new BookingWorld(Monday);
        var (s1, e1) = Slot(3, 10);
        var (s2, e2) = Slot(10, 10);
        world.Book("b1", "alice", "agent", s1, e1);
        world.Book("b2", "alice", "agent", s2, e2);
        world.AdvanceTo(s2.AddMinutes(5));

        Assert.Null(world.Book("b3", "alice", "agent", s2.AddDays(7), e2.AddDays(7)));
        Assert.Null(world.Book("b4", "alice", "agent", s2.AddDays(8), e2.AddDays(8)));

        Assert.True(world.Booking("b3").State.FeeRequired);
        Assert.False(world.Booking("b4").State.FeeRequired);
        Assert.Single(world.Customer("alice").Log.OfType<FeeSettled>());
    }

    [Fact]
    public void During_an_embargo_a_booking_is_refused_with_the_first_date_it_becomes_possible()
    {
        var world = new BookingWorld(Monday);
        var policy = BookingPolicies.SupportDeskBookingEmbargo;
        var (s1, e1) = Slot(3, 10);
        world.Book("b1", "alice", "agent", s1, e1, policy);
        // A late cancel counts too: the 2nd no-show.
        world.AdvanceTo(s1.AddMinutes(30));
        world.Book("b2", "alice", "agent", s1.AddDays(2), e1.AddDays(2), policy);
        world.AdvanceTo(s1.AddDays(2).AddHours(-2));
        Assert.Null(world.Cancel("b2"));

        var refused = world.Book("b3", "alice", "agent", s1.AddDays(20), e1.AddDays(20), policy);

        Assert.Equal((RejectionKind.Restricted, "booking_embargo"), (refused!.Kind, refused.Code));
        Assert.Equal(world.Now.AddMonths(6).ToString("O"), refused.Details!["firstPossible"]);
        Assert.Empty(world.Resource("agent").State.Reservations.Where(r => r.BookingId == "b3"));
    }

    [Fact]
    public void A_restricted_customer_cannot_book_and_is_told_until_when()
    {
        var world = new BookingWorld(Monday);
        var until = Monday.AddDays(30);
        world.Customer("alice").Accept(new RestrictCustomer("abusive messages", until, "rev"), Monday);
        var (start, end) = Slot(3, 10);

        var refused = world.Book("b1", "alice", "agent", start, end);

        Assert.Equal("customer_restricted", refused!.Code);
        Assert.Equal(until.ToString("O"), refused.Details!["until"]);
        Assert.Empty(world.Resource("agent").State.Reservations);
    }

    [Fact]
    public void A_booking_refused_after_the_reservation_releases_it_again()
    {
        var world = new BookingWorld(Monday);
        var (start, end) = Slot(3, 10);
        world.Book("b1", "alice", "agent", start, end);

        // The same booking id with other content: the reservation on agent-2 is new, so the refused create must release it.
        var refused = world.Book("b1", "bob", "agent-2", start, end);

        Assert.Equal("booking_exists", refused!.Code);
        Assert.Empty(world.Resource("agent-2").State.Reservations);
    }

    [Fact]
    public void A_reschedule_that_clashes_changes_neither_the_booking_nor_the_resource()
    {
        var world = new BookingWorld(Monday);
        var (s1, e1) = Slot(3, 10);
        var (s2, e2) = Slot(3, 12);
        world.Book("b1", "alice", "agent", s1, e1);
        world.Book("b2", "bob", "agent", s2, e2);

        var refused = world.Reschedule("b1", s2.AddMinutes(-30), e2.AddMinutes(-30));

        Assert.Equal("slot_taken", refused!.Code);
        Assert.Equal(s1, world.Booking("b1").State.Start);
        Assert.Equal(new Reservation("b1", s1, e1), world.Resource("agent").State.Find("b1"));
    }

    [Fact]
    public void Creating_a_booking_again_on_the_range_it_was_moved_to_is_refused_and_keeps_its_slot()
    {
        // Found by NoOverlapPropertyTests: the refused create used to release the hold the booking itself owned.
        var world = new BookingWorld(Monday);
        var (s1, e1) = Slot(3, 10);
        var (s2, e2) = Slot(3, 14);
        Assert.Null(world.Book("b1", "alice", "agent", s1, e1));
        Assert.Null(world.Reschedule("b1", s2, e2));

        var refused = world.Book("b1", "alice", "agent", s2, e2);

        Assert.Equal("booking_exists", refused!.Code);
        Assert.Equal(new Reservation("b1", s2, e2), world.Resource("agent").State.Find("b1"));
        Assert.Equal("slot_taken", world.Book("b2", "bob", "agent", s2, e2)!.Code);
    }

    [Fact]
    public void A_refused_create_releases_its_hold_unless_a_live_booking_with_that_id_holds_that_range_there()
    {
        var (start, end) = Slot(3, 10);
        var reserved = new Reserve("b1", start, end);
        var live = BookingState.Initial with { Status = BookingStatus.Scheduled, Resource = "agent", Start = start, End = end };
        var release = new ReleaseReservation("b1");

        Assert.Null(BookingFlow.ReleaseAfterRefusedCreate(reserved, "agent", live));
        Assert.Equal(release, BookingFlow.ReleaseAfterRefusedCreate(reserved, "agent", BookingState.Initial));
        Assert.Equal(release, BookingFlow.ReleaseAfterRefusedCreate(reserved, "agent", live with { Status = BookingStatus.Cancelled }));
        Assert.Equal(release, BookingFlow.ReleaseAfterRefusedCreate(reserved, "room", live));
        Assert.Equal(release, BookingFlow.ReleaseAfterRefusedCreate(reserved, "agent", live with { Start = start.AddHours(-1) }));
    }

    [Fact]
    public void Undoing_a_move_releases_the_slot_of_a_booking_that_is_over_and_restores_a_live_one()
    {
        var live = BookingState.Initial with { Status = BookingStatus.Scheduled, Start = Monday, End = Monday.AddHours(1) };

        Assert.Equal(new MoveReservation("b1", Monday, Monday.AddHours(1)), BookingFlow.UndoMove("b1", live));
        Assert.Equal(new ReleaseReservation("b1"), BookingFlow.UndoMove("b1", live with { Status = BookingStatus.NoShow }));
    }
}
