using System.Text.Json;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Bookings.Resources;

namespace Pledge.Bookings.Tests;

public sealed class JsonRoundTripTests
{
    private static readonly DateTimeOffset At = new(2026, 2, 2, 10, 5, 0, 123, TimeSpan.Zero);
    private static readonly BookingPolicy Policy = BookingPolicies.SupportDeskBooking;

    public static TheoryData<BookingEvent> BookingEvents() =>
    [
        new BookingCreated("alice", "agent", At, At.AddHours(1), Policy, true, At.AddDays(-3)),
        new BookingRescheduled(At, At.AddHours(1), At.AddDays(1), At.AddDays(1).AddHours(1), ChangedBy.Provider, false, At),
        new BookingCancelled("alice", "agent", null, ChangedBy.Customer, true, At),
        new ReminderDue("alice", "agent", At, ReminderChannel.Sms, TimeSpan.FromMinutes(30), At.AddMinutes(-30)),
        new ReminderSkipped(ReminderChannel.Email, TimeSpan.FromDays(2), At.AddDays(-2)),
        new NoShowRecorded("alice", "agent", 1, NoShowReason.NotJoined, At, Policy),
        new CustomerJoined(At), new CustomerActive(At), new CustomerLeft(At),
        new SessionInterrupted("alice", "agent", At, At.AddMinutes(5).AddTicks(10)),
        new SessionCompleted(At),
    ];

    [Theory]
    [MemberData(nameof(BookingEvents))]
    public void Booking_events_round_trip_with_their_webhook_type_first(BookingEvent @event)
    {
        var kind = BookingKinds.Booking();
        var json = JsonSerializer.Serialize(@event, kind.EventJson);
        var back = JsonSerializer.Deserialize(json, kind.EventJson)!;

        Assert.StartsWith($"{{\"type\":\"{kind.EventType(@event)}\"", json);
        Assert.Equal(@event.GetType(), back.GetType());
        Assert.Equal(json, JsonSerializer.Serialize(back, kind.EventJson));
    }

    [Fact]
    public void Event_types_and_values_follow_the_rest_conventions()
    {
        var kind = BookingKinds.Booking();
        var due = new ReminderDue("alice", "agent", At, ReminderChannel.Sms, TimeSpan.FromMinutes(30), At.AddMinutes(-30));

        var json = JsonSerializer.Serialize<BookingEvent>(due, kind.EventJson);

        Assert.Equal("reminder_due", kind.EventType(due));
        Assert.Equal("no_show", kind.EventType(new NoShowRecorded("a", "r", 1, NoShowReason.LateCancellation, At, Policy)));
        Assert.Contains("\"channel\":\"sms\"", json);
        Assert.Contains("\"offset\":\"PT30M\"", json);
        Assert.Contains("\"dueAt\":\"2026-02-02T09:35:00.123+00:00\"", json);
    }

    [Fact]
    public void Commands_of_every_kind_round_trip()
    {
        BookingCommand[] bookingCommands =
        [
            new CreateBooking("alice", "agent", At, At.AddHours(1), Policy, true),
            new RescheduleBooking(At, At.AddHours(1)),
            new CancelBooking("ill", ChangedBy.Provider),
            new ReportAttendance(AttendanceKind.Left, At),
            new BookingDeadlineReached("reminder:sms:PT30M", At),
        ];
        ResourceCommand[] resourceCommands = [new Reserve("b", At, At.AddHours(1)), new MoveReservation("b", At, At.AddHours(2)), new ReleaseReservation("b"), new ExpireReservations(At)];
        CustomerCommand[] customerCommands =
        [
            new RecordNoShow("b", 2, At, NoShowReason.LateReschedule, Policy),
            new SettleFee("b", At),
            new RestrictCustomer("abuse", null, "rev"),
            new LiftRestriction("rev"),
            new CustomerDeadlineReached("embargo_end", At),
        ];

        foreach (var c in bookingCommands)
            Assert.Equal(c, JsonSerializer.Deserialize(JsonSerializer.Serialize(c, BookingsJsonContext.Default.BookingCommand), BookingsJsonContext.Default.BookingCommand));
        foreach (var c in resourceCommands)
            Assert.Equal(c, JsonSerializer.Deserialize(JsonSerializer.Serialize(c, BookingsJsonContext.Default.ResourceCommand), BookingsJsonContext.Default.ResourceCommand));
        foreach (var c in customerCommands)
            Assert.Equal(c, JsonSerializer.Deserialize(JsonSerializer.Serialize(c, BookingsJsonContext.Default.CustomerCommand), BookingsJsonContext.Default.CustomerCommand));
    }

    [Fact]
    public void A_booking_command_from_a_client_reads_with_defaults()
    {
        var json = """{"type":"cancel"}""";

        var cancel = Assert.IsType<CancelBooking>(JsonSerializer.Deserialize(json, BookingsJsonContext.Default.BookingCommand));

        Assert.Equal(new CancelBooking(null, ChangedBy.Customer), cancel);
    }

    [Fact]
    public void A_booking_view_carries_reminder_statuses_no_show_and_history()
    {
        var world = new BookingWorld(At.AddDays(-1));
        Assert.Null(world.Book("b1", "alice", "agent", At, At.AddHours(1)));
        world.AdvanceTo(At.AddMinutes(5));

        var json = JsonSerializer.Serialize(BookingView.From("b1", world.Booking("b1").State), BookingsJsonContext.Default.BookingView);

        Assert.Contains("\"status\":\"no_show\"", json);
        Assert.Contains("\"status\":\"skipped\"", json);
        Assert.Contains("\"status\":\"sent\"", json);
        Assert.Contains("\"noShow\":{\"ordinal\":1,\"reason\":\"not_joined\"", json);
        Assert.Contains("\"change\":\"created\"", json);
        Assert.Contains("\"feeRequired\":false", json);
        Assert.Contains("\"policy\":\"support-desk-booking\"", json);
    }
}
