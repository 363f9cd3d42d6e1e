using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Tests;

public sealed class BookingReactionsTests
{
    private static readonly DateTimeOffset At = new(2026, 2, 2, 10, 5, 0, TimeSpan.Zero);
    private static readonly BookingPolicy Policy = BookingPolicies.SupportDeskBooking;

    [Fact]
    public void A_missed_session_is_recorded_on_the_customer_and_releases_the_resource()
    {
        var reactions = BookingKinds.Booking().React("b1", new NoShowRecorded("alice", "agent", 1, NoShowReason.NotJoined, At, Policy), At).ToArray();

        Assert.Equal(
            [
                new Reaction("customer", "alice", new RecordNoShow("b1", 1, At, NoShowReason.NotJoined, Policy)),
                new Reaction("resource", "agent", new ReleaseReservation("b1")),
            ],
            reactions);
    }

    [Fact]
    public void A_late_change_counts_on_the_customer_but_keeps_the_reservation()
    {
        var reaction = Assert.Single(BookingReactions.From("b1", new NoShowRecorded("alice", "agent", 2, NoShowReason.LateReschedule, At, Policy), At));

        Assert.Equal(new Reaction("customer", "alice", new RecordNoShow("b1", 2, At, NoShowReason.LateReschedule, Policy)), reaction);
    }

    [Fact]
    public void Cancelled_and_interrupted_sessions_release_the_resource()
    {
        var release = new Reaction("resource", "agent", new ReleaseReservation("b1"));

        Assert.Equal(release, Assert.Single(BookingReactions.From("b1", new BookingCancelled("alice", "agent", null, ChangedBy.Customer, false, At), At)));
        Assert.Equal(release, Assert.Single(BookingReactions.From("b1", new SessionInterrupted("alice", "agent", At, At), At)));
    }

    [Fact]
    public void Only_a_fee_required_booking_settles_the_fee()
    {
        var created = new BookingCreated("alice", "agent", At, At.AddHours(1), Policy, true, At.AddDays(-1));

        Assert.Equal(new Reaction("customer", "alice", new SettleFee("b1", At.AddDays(-1))), Assert.Single(BookingReactions.From("b1", created, At)));
        Assert.Empty(BookingReactions.From("b1", created with { FeeRequired = false }, At));
        Assert.Empty(BookingReactions.From("b1", new CustomerJoined(At), At));
    }
}
