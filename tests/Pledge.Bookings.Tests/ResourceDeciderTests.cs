using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Tests;

public sealed class ResourceDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ten = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static Entity<ResourceCommand, ResourceEvent, ResourceState> NewResource() => new(BookingKinds.Resource());

    [Fact]
    public void An_overlapping_reservation_is_refused_naming_the_clashing_range()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);

        var rejection = resource.Refuse(new Reserve("b", Ten.AddMinutes(59), Ten.AddMinutes(90)), Now);

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal("slot_taken", rejection.Code);
        Assert.Equal("2026-03-02T10:00:00.0000000+00:00", rejection.Details!["conflictingStart"]);
        Assert.Equal("2026-03-02T11:00:00.0000000+00:00", rejection.Details!["conflictingEnd"]);
        Assert.Single(resource.State.Reservations);
    }

    [Fact]
    public void Ranges_are_half_open_so_back_to_back_bookings_fit_on_both_sides()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);

        resource.Accept(new Reserve("after", Ten + Hour, Ten + 2 * Hour), Now);
        resource.Accept(new Reserve("before", Ten - Hour, Ten), Now);

        Assert.Equal(["before", "a", "after"], resource.State.Reservations.Select(r => r.BookingId));
    }

    [Fact]
    public void Reserving_again_with_the_same_range_is_idempotent_but_another_range_must_be_a_move()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);

        var again = resource.Send(new Reserve("a", Ten, Ten + Hour), Now);
        var other = resource.Refuse(new Reserve("a", Ten + Hour, Ten + 2 * Hour), Now);

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        Assert.Equal("already_reserved", other.Code);
    }

    [Fact]
    public void A_move_may_overlap_its_own_old_range_but_not_another_booking()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);
        resource.Accept(new Reserve("b", Ten + 2 * Hour, Ten + 3 * Hour), Now);

        resource.Accept(new MoveReservation("a", Ten.AddMinutes(30), Ten.AddMinutes(90)), Now);
        var clash = resource.Refuse(new MoveReservation("a", Ten.AddMinutes(150), Ten.AddMinutes(200)), Now);
        var unknown = resource.Refuse(new MoveReservation("zz", Ten, Ten + Hour), Now);

        Assert.Equal("slot_taken", clash.Code);
        Assert.Equal(RejectionKind.NotFound, unknown.Kind);
        Assert.Equal(new Reservation("a", Ten.AddMinutes(30), Ten.AddMinutes(90)), resource.State.Find("a"));
    }

    [Fact]
    public void Release_frees_the_slot_and_is_idempotent()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);

        resource.Accept(new ReleaseReservation("a"), Now);
        var twice = resource.Send(new ReleaseReservation("a"), Now);
        resource.Accept(new Reserve("b", Ten, Ten + Hour), Now);

        Assert.Empty(twice.Events);
        Assert.Equal("b", Assert.Single(resource.State.Reservations).BookingId);
    }

    [Fact]
    public void Ended_reservations_leave_the_state_by_their_own_deadline()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);
        resource.Accept(new Reserve("b", Ten + Hour, Ten + 2 * Hour), Now);
        Assert.Equal(new Deadline(ResourceDecider.ExpireDeadline, Ten + Hour), Assert.Single(resource.Deadlines));

        resource.RunUntil(Ten + Hour - TimeSpan.FromTicks(10));
        Assert.Equal(2, resource.State.Reservations.Length);

        resource.RunUntil(Ten + 2 * Hour);
        Assert.Empty(resource.State.Reservations);
        Assert.Empty(resource.Deadlines);
    }

    [Fact]
    public void An_ended_but_not_yet_expired_reservation_blocks_nothing()
    {
        var resource = NewResource();
        resource.Accept(new Reserve("a", Ten, Ten + Hour), Now);

        // The deadline has not run, yet a new range covering now+ must not clash with the part that is over.
        resource.Accept(new Reserve("b", Ten + Hour - TimeSpan.FromMinutes(1), Ten + 2 * Hour), Ten + Hour);

        Assert.Equal(2, resource.State.Reservations.Length);
    }

    [Theory]
    [InlineData("", 0, 60, "bookingId")]
    [InlineData("a", 60, 60, "end")]
    [InlineData("a", 60, 0, "end")]
    public void Bad_input_names_the_field(string bookingId, int startMinutes, int endMinutes, string field)
    {
        var resource = NewResource();

        var rejection = resource.Refuse(new Reserve(bookingId, Ten.AddMinutes(startMinutes), Ten.AddMinutes(endMinutes)), Now);

        Assert.Equal(RejectionKind.Invalid, rejection.Kind);
        Assert.Equal(field, rejection.Field);
    }

    [Fact]
    public void A_range_already_over_or_finer_than_a_microsecond_is_refused()
    {
        var resource = NewResource();

        Assert.Equal("end", resource.Refuse(new Reserve("a", Now - Hour, Now), Now).Field);
        Assert.Equal("start", resource.Refuse(new Reserve("a", Ten.AddTicks(1), Ten + Hour), Now).Field);
    }
}
