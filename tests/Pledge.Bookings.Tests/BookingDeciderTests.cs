using Pledge.Bookings.Bookings;
using Pledge.Bookings.Policies;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Tests;

public sealed class BookingDeciderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(1);
    private static readonly DateTimeOffset WeekBefore = Start.AddDays(-7);
    private static readonly TimeSpan Micro = TimeSpan.FromTicks(10);
    private static readonly BookingPolicy Policy = BookingPolicies.SupportDeskBooking;

    private static Entity<BookingCommand, BookingEvent, BookingState> Booked(DateTimeOffset at, DateTimeOffset? start = null)
    {
        var booking = new Entity<BookingCommand, BookingEvent, BookingState>(BookingKinds.Booking());
        var s = start ?? Start;
        booking.Accept(new CreateBooking("cust", "agent", s, s.AddHours(1), Policy), at);
        return booking;
    }

    private static Entity<BookingCommand, BookingEvent, BookingState> Joined(DateTimeOffset at)
    {
        var booking = Booked(WeekBefore);
        booking.RunUntil(at);
        booking.Accept(new ReportAttendance(AttendanceKind.Joined, at), at);
        return booking;
    }

    [Fact]
    public void Creating_plans_one_deadline_per_reminder_at_its_exact_time_and_the_no_show_check()
    {
        var booking = Booked(WeekBefore);

        Assert.Equal(BookingStatus.Scheduled, booking.State.Status);
        Assert.Equal(
            [
                new Deadline("reminder:email:P2D", Start.AddDays(-2)),
                new Deadline("reminder:email:P1D", Start.AddHours(-24)),
                new Deadline("reminder:email:PT1H", Start.AddHours(-1)),
                new Deadline("reminder:sms:PT30M", Start.AddMinutes(-30)),
                new Deadline(BookingDecider.NoShowDeadline, Start.AddMinutes(5)),
            ],
            booking.Deadlines);
    }

    [Fact]
    public void Each_reminder_falls_due_at_its_exact_time_and_is_then_marked_sent()
    {
        var booking = Booked(WeekBefore);

        Assert.DoesNotContain(booking.RunUntil(Start.AddHours(-1) - Micro).OfType<ReminderDue>(), r => r.Offset == TimeSpan.FromHours(1));
        var due = booking.RunUntil(Start.AddHours(-1)).OfType<ReminderDue>().ToArray();

        var hour = Assert.Single(due);
        Assert.Equal((ReminderChannel.Email, TimeSpan.FromHours(1), Start.AddHours(-1)), (hour.Channel, hour.Offset, hour.DueAt));
        Assert.Equal(
            [ReminderStatus.Sent, ReminderStatus.Sent, ReminderStatus.Sent, ReminderStatus.Due],
            booking.State.Reminders.Select(r => r.Status));
        var sms = Assert.Single(booking.RunUntil(Start.AddMinutes(-30)).OfType<ReminderDue>());
        Assert.Equal(ReminderChannel.Sms, sms.Channel);
    }

    [Fact]
    public void Reminders_whose_time_has_passed_are_skipped_never_sent_late_and_one_due_exactly_now_is_kept()
    {
        // Booked exactly 24 h before: the 2-day reminder is past, the 24-hour one is due right now.
        var booking = Booked(Start.AddHours(-24));

        var skipped = Assert.Single(booking.Log.OfType<ReminderSkipped>());
        Assert.Equal(TimeSpan.FromDays(2), skipped.Offset);
        Assert.Equal(
            [ReminderStatus.Skipped, ReminderStatus.Due, ReminderStatus.Due, ReminderStatus.Due],
            booking.State.Reminders.Select(r => r.Status));
        Assert.Contains(new Deadline("reminder:email:P1D", Start.AddHours(-24)), booking.Deadlines);

        var oneMicroLater = Booked(Start.AddHours(-24) + Micro);
        Assert.Equal(2, oneMicroLater.Log.OfType<ReminderSkipped>().Count());
        Assert.DoesNotContain(oneMicroLater.Deadlines, d => d.Name == "reminder:email:P1D");
    }

    [Fact]
    public void A_no_show_fired_before_reminders_left_over_from_an_outage_records_them_as_skipped()
    {
        var booking = Booked(WeekBefore);
        var noShow = booking.Deadlines.Single(d => d.Name == BookingDecider.NoShowDeadline);

        var fired = booking.Fire(noShow);

        Assert.Equal(4, fired.OfType<ReminderSkipped>().Count());
        Assert.IsType<NoShowRecorded>(fired[^1]);
        Assert.All(booking.State.Reminders, r => Assert.Equal(ReminderStatus.Skipped, r.Status));
        Assert.Empty(booking.Deadlines);
    }

    [Fact]
    public void Rescheduling_recomputes_reminders_and_skips_those_already_past_for_the_new_start()
    {
        var booking = Booked(WeekBefore);
        var now = Start.AddDays(-3);
        booking.RunUntil(now);

        // To a start 50 minutes from now: only the SMS reminder (30 min before) is still ahead.
        var newStart = now.AddMinutes(50);
        booking.Accept(new RescheduleBooking(newStart, newStart.AddHours(1)), now);

        Assert.Equal(
            [ReminderStatus.Skipped, ReminderStatus.Skipped, ReminderStatus.Skipped, ReminderStatus.Due],
            booking.State.Reminders.Select(r => r.Status));
        Assert.Equal(3, booking.Log.OfType<ReminderSkipped>().Count());
        Assert.Contains(new Deadline("reminder:sms:PT30M", newStart.AddMinutes(-30)), booking.Deadlines);
        Assert.Contains(new Deadline(BookingDecider.NoShowDeadline, newStart.AddMinutes(5)), booking.Deadlines);

        // A reschedule further out brings every reminder back, each at its new time.
        booking.Accept(new RescheduleBooking(Start.AddDays(10), Start.AddDays(10).AddHours(1)), now.AddMinutes(1));
        Assert.All(booking.State.Reminders, r => Assert.Equal(ReminderStatus.Due, r.Status));
        Assert.Contains(new Deadline("reminder:email:P2D", Start.AddDays(8)), booking.Deadlines);
    }

    [Fact]
    public void Cancelling_withdraws_pending_reminders_and_every_deadline()
    {
        var booking = Booked(WeekBefore);
        booking.RunUntil(Start.AddDays(-2));

        booking.Accept(new CancelBooking("changed my mind"), Start.AddDays(-2));

        Assert.Equal(BookingStatus.Cancelled, booking.State.Status);
        Assert.Equal(
            [ReminderStatus.Sent, ReminderStatus.Withdrawn, ReminderStatus.Withdrawn, ReminderStatus.Withdrawn],
            booking.State.Reminders.Select(r => r.Status));
        Assert.Empty(booking.Deadlines);
        Assert.Empty(booking.Send(new CancelBooking("again"), Start.AddDays(-2)).Events);
    }

    [Fact]
    public void A_reschedule_exactly_24_hours_before_the_start_is_free()
    {
        var booking = Booked(WeekBefore);

        booking.Accept(new RescheduleBooking(Start.AddDays(1), End.AddDays(1)), Start.AddHours(-24));

        Assert.False(Assert.Single(booking.Log.OfType<BookingRescheduled>()).Late);
        Assert.Empty(booking.Log.OfType<NoShowRecorded>());
    }

    [Fact]
    public void A_reschedule_one_microsecond_later_is_carried_out_but_counts_as_a_no_show()
    {
        var booking = Booked(WeekBefore);
        var now = Start.AddHours(-24) + Micro;

        booking.Accept(new RescheduleBooking(Start.AddDays(1), End.AddDays(1)), now);

        Assert.True(Assert.Single(booking.Log.OfType<BookingRescheduled>()).Late);
        var noShow = Assert.Single(booking.Log.OfType<NoShowRecorded>());
        Assert.Equal((1, NoShowReason.LateReschedule, now, "cust"), (noShow.Ordinal, noShow.Reason, noShow.At, noShow.Customer));
        Assert.Equal(BookingStatus.Scheduled, booking.State.Status);
        Assert.Equal(Start.AddDays(1), booking.State.Start);
    }

    [Fact]
    public void A_cancel_exactly_24_hours_before_is_free_and_one_microsecond_later_counts_as_a_no_show()
    {
        var free = Booked(WeekBefore);
        free.Accept(new CancelBooking(), Start.AddHours(-24));
        Assert.Empty(free.Log.OfType<NoShowRecorded>());

        var late = Booked(WeekBefore);
        late.Accept(new CancelBooking("sick"), Start.AddHours(-24) + Micro);
        Assert.True(Assert.Single(late.Log.OfType<BookingCancelled>()).Late);
        Assert.Equal(NoShowReason.LateCancellation, Assert.Single(late.Log.OfType<NoShowRecorded>()).Reason);
        Assert.Equal(BookingStatus.Cancelled, late.State.Status);
    }

    [Fact]
    public void A_late_change_by_the_provider_is_never_the_customers_no_show()
    {
        var booking = Booked(WeekBefore);

        booking.Accept(new CancelBooking("agent ill", ChangedBy.Provider), Start.AddMinutes(-10));

        Assert.Empty(booking.Log.OfType<NoShowRecorded>());
    }

    [Fact]
    public void A_customer_not_joined_by_the_end_of_the_grace_is_a_no_show_recorded_at_that_moment()
    {
        var booking = Booked(WeekBefore);

        Assert.Empty(booking.RunUntil(Start.AddMinutes(5) - Micro).OfType<NoShowRecorded>());
        var noShow = Assert.Single(booking.RunUntil(Start.AddMinutes(5)).OfType<NoShowRecorded>());

        Assert.Equal((NoShowReason.NotJoined, Start.AddMinutes(5), 1), (noShow.Reason, noShow.At, noShow.Ordinal));
        Assert.Equal(BookingStatus.NoShow, booking.State.Status);
        Assert.Empty(booking.Deadlines);
        Assert.Equal(RejectionKind.NotAllowed, booking.Refuse(new ReportAttendance(AttendanceKind.Joined, Start.AddMinutes(6)), Start.AddMinutes(6)).Kind);
    }

    [Fact]
    public void Joining_exactly_at_the_end_of_the_grace_is_in_time_one_microsecond_later_is_not()
    {
        var inTime = Booked(WeekBefore);
        inTime.RunUntil(Start);
        inTime.Accept(new ReportAttendance(AttendanceKind.Joined, Start.AddMinutes(5)), Start.AddMinutes(5));
        Assert.Equal(BookingStatus.InProgress, inTime.State.Status);
        Assert.DoesNotContain(inTime.Deadlines, d => d.Name == BookingDecider.NoShowDeadline);

        var tooLate = Booked(WeekBefore);
        tooLate.RunUntil(Start);
        var refused = tooLate.Refuse(new ReportAttendance(AttendanceKind.Joined, Start.AddMinutes(5) + Micro), Start.AddMinutes(5) + Micro);
        Assert.Equal("join_grace_passed", refused.Code);
    }

    [Fact]
    public void Silence_of_exactly_five_minutes_is_fine_but_five_minutes_and_a_microsecond_interrupts_the_session()
    {
        var booking = Joined(Start);

        Assert.Contains(new Deadline(BookingDecider.InactivityDeadline, Start.AddMinutes(5) + Micro), booking.Deadlines);
        Assert.Empty(booking.RunUntil(Start.AddMinutes(5)));
        var interrupted = Assert.Single(booking.RunUntil(Start.AddMinutes(5) + Micro).OfType<SessionInterrupted>());

        Assert.Equal((Start, Start.AddMinutes(5) + Micro, "reschedule"), (interrupted.LastActivity, interrupted.At, interrupted.Recommendation));
        Assert.Equal(BookingStatus.Interrupted, booking.State.Status);
        Assert.Empty(booking.Log.OfType<NoShowRecorded>());
        Assert.Empty(booking.Deadlines);
    }

    [Fact]
    public void Activity_at_exactly_five_minutes_of_silence_keeps_the_session_going()
    {
        var booking = Joined(Start);

        booking.Accept(new ReportAttendance(AttendanceKind.Activity, Start.AddMinutes(5)), Start.AddMinutes(5));

        Assert.Contains(new Deadline(BookingDecider.InactivityDeadline, Start.AddMinutes(10) + Micro), booking.Deadlines);
        Assert.Empty(booking.RunUntil(Start.AddMinutes(10)));
        Assert.Single(booking.RunUntil(Start.AddMinutes(10) + Micro).OfType<SessionInterrupted>());
    }

    [Fact]
    public void Activity_reported_after_the_silence_limit_cannot_undo_the_interruption()
    {
        var booking = Joined(Start);

        var refused = booking.Refuse(new ReportAttendance(AttendanceKind.Activity, Start.AddMinutes(5) + Micro), Start.AddMinutes(6));

        Assert.Equal("silence_limit_passed", refused.Code);
    }

    [Fact]
    public void Waiting_silently_before_the_start_is_not_counted_as_silence()
    {
        var booking = Joined(Start.AddMinutes(-20));

        Assert.Empty(booking.RunUntil(Start.AddMinutes(5)));
        var interrupted = Assert.Single(booking.RunUntil(Start.AddMinutes(5) + Micro).OfType<SessionInterrupted>());
        Assert.Equal(Start, interrupted.LastActivity);
    }

    [Fact]
    public void An_active_session_completes_at_its_end_and_silence_running_past_the_end_interrupts_nothing()
    {
        var booking = Joined(Start);
        for (var minute = 4; minute <= 56; minute += 4)
        {
            booking.RunUntil(Start.AddMinutes(minute));
            booking.Accept(new ReportAttendance(AttendanceKind.Activity, Start.AddMinutes(minute)), Start.AddMinutes(minute));
        }

        Assert.DoesNotContain(booking.Deadlines, d => d.Name == BookingDecider.InactivityDeadline);
        var fired = booking.RunUntil(End);

        Assert.IsType<SessionCompleted>(Assert.Single(fired));
        Assert.Equal(BookingStatus.Completed, booking.State.Status);
        Assert.Empty(booking.Deadlines);
    }

    [Fact]
    public void A_customer_who_left_is_not_interrupted_and_the_session_completes_at_the_end()
    {
        var booking = Joined(Start);
        booking.Accept(new ReportAttendance(AttendanceKind.Left, Start.AddMinutes(2)), Start.AddMinutes(2));

        var fired = booking.RunUntil(End);

        Assert.IsType<SessionCompleted>(Assert.Single(fired));
    }

    [Fact]
    public void Attendance_input_is_checked()
    {
        var booking = Booked(WeekBefore);
        var unknown = new Entity<BookingCommand, BookingEvent, BookingState>(BookingKinds.Booking());

        Assert.Equal("at", booking.Refuse(new ReportAttendance(AttendanceKind.Joined, Start.AddMinutes(1)), Start).Field);
        Assert.Equal("not_in_session", booking.Refuse(new ReportAttendance(AttendanceKind.Activity, Start), Start).Code);
        Assert.Equal(RejectionKind.NotFound, unknown.Refuse(new ReportAttendance(AttendanceKind.Joined), Start).Kind);
    }

    [Fact]
    public void Create_is_idempotent_for_the_same_input_and_refuses_a_different_one()
    {
        var booking = Booked(WeekBefore);

        Assert.Empty(booking.Send(new CreateBooking("cust", "agent", Start, End, Policy), WeekBefore.AddMinutes(1)).Events);
        Assert.Equal("booking_exists", booking.Refuse(new CreateBooking("other", "agent", Start, End, Policy), WeekBefore).Code);
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("resource")]
    [InlineData("start")]
    [InlineData("end")]
    [InlineData("policy.joinGrace")]
    public void Create_names_the_field_at_fault(string field)
    {
        var booking = new Entity<BookingCommand, BookingEvent, BookingState>(BookingKinds.Booking());
        var good = new CreateBooking("cust", "agent", Start, End, Policy);
        var bad = field switch
        {
            "customer" => good with { Customer = "" },
            "resource" => good with { Resource = " " },
            "start" => good with { Start = WeekBefore.AddMinutes(-1) },
            "end" => good with { End = Start },
            _ => good with { Policy = Policy with { JoinGrace = TimeSpan.Zero } },
        };

        Assert.Equal(field, booking.Refuse(bad, WeekBefore).Field);
        Assert.Equal(BookingStatus.New, booking.State.Status);
    }

    [Fact]
    public void A_session_in_progress_cannot_be_rescheduled_and_the_refusal_lists_what_is_allowed()
    {
        var booking = Joined(Start);

        var refused = booking.Refuse(new RescheduleBooking(Start.AddDays(1), End.AddDays(1)), Start.AddMinutes(1));

        Assert.Equal(RejectionKind.NotAllowed, refused.Kind);
        Assert.Equal("in_progress", refused.Details!["state"]);
        Assert.Equal("attendance", refused.Details!["allowed"]);
    }

    [Fact]
    public void A_late_reschedule_and_a_later_missed_session_count_as_two_distinct_no_shows()
    {
        var booking = Booked(WeekBefore);
        var newStart = Start.AddHours(3);
        booking.Accept(new RescheduleBooking(newStart, newStart.AddHours(1)), Start.AddHours(-1));

        booking.RunUntil(newStart.AddMinutes(5));

        Assert.Equal([1, 2], booking.Log.OfType<NoShowRecorded>().Select(n => n.Ordinal));
        var view = BookingView.From("b1", booking.State);
        Assert.Equal(NoShowReason.NotJoined, view.NoShow!.Reason);
        Assert.Equal(["created", "rescheduled", "no_show", "no_show"], view.History.Select(h => h.Change));
    }

    [Fact]
    public void A_stale_deadline_changes_nothing()
    {
        var booking = Booked(WeekBefore);
        booking.Accept(new RescheduleBooking(Start.AddDays(1), End.AddDays(1)), WeekBefore);

        var stale = booking.Send(new BookingDeadlineReached(BookingDecider.NoShowDeadline, Start.AddMinutes(5)), Start.AddMinutes(5));

        Assert.Empty(stale.Events);
        Assert.Equal(BookingStatus.Scheduled, booking.State.Status);
    }
}
