using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pledge.Bookings.Policies;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Bookings;

/// <summary>
/// One 1:1 session: reminders at their exact times, free or late changes, the no-show at the end of the join
/// grace, interruption after customer silence, completion at the end. Exclusivity is the resource's job
/// (<see cref="Resources.ResourceDecider"/>); the customer's standing is the customer's (<see cref="Customers.CustomerDecider"/>).
/// </summary>
public sealed class BookingDecider : IDecider<BookingCommand, BookingEvent, BookingState>
{
    public const string NoShowDeadline = "no_show";
    public const string InactivityDeadline = "inactivity";
    public const string EndDeadline = "end";

    public static readonly BookingDecider Instance = new();

    public BookingState Initial => BookingState.Initial;

    public Decision<BookingEvent> Decide(BookingCommand command, BookingState state, DateTimeOffset now) => command switch
    {
        CreateBooking c => Create(c, state, now),
        RescheduleBooking c => Reschedule(c, state, now),
        CancelBooking c => Cancel(c, state, now),
        ReportAttendance c => Attendance(c, state, now),
        BookingDeadlineReached c => DeadlineReached(c, state),
        _ => Rejection.Invalid("type", $"Unknown booking command {command.GetType().Name}."),
    };

    /// <summary>Why a create would be refused as input (fields named), or null. Pure; callers may pre-check with it.</summary>
    public static Rejection? CheckCreate(CreateBooking c, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(c.Customer))
            return Rejection.Invalid("customer", "A customer id is required.");
        if (string.IsNullOrWhiteSpace(c.Resource))
            return Rejection.Invalid("resource", "A resource id is required.");
        if (c.Policy is null)
            return Rejection.Invalid("policy", "A booking policy is required.");
        return TimeRanges.Check(c.Start, c.End)
            ?? (c.Start > now ? null : Rejection.Invalid("start", "The start must be in the future."))
            ?? c.Policy.Validate();
    }

    /// <summary>Why a reschedule would be refused in this state (fields named), or null. Pure; callers may pre-check with it.</summary>
    public static Rejection? CheckReschedule(BookingState state, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (!state.Exists)
            return NotFound();
        if (state.Status != BookingStatus.Scheduled)
            return Rejection.NotAllowed(StatusName(state.Status), AllowedActions(state.Status));
        return TimeRanges.Check(start, end)
            ?? (start > now ? null : Rejection.Invalid("start", "The new start must be in the future."));
    }

    private static Decision<BookingEvent> Create(CreateBooking c, BookingState state, DateTimeOffset now)
    {
        if (state.Exists)
        {
            var same = state.Customer == c.Customer && state.Resource == c.Resource && state.FeeRequired == c.FeeRequired
                && state.History[0].Start == c.Start && state.History[0].End == c.End && Equals(state.Policy, c.Policy);
            return same
                ? Decision<BookingEvent>.Accept()
                : Rejection.Conflict("booking_exists", "A different booking with this id already exists.");
        }

        if (CheckCreate(c, now) is { } invalid)
            return invalid;
        BookingEvent created = new BookingCreated(c.Customer, c.Resource, c.Start, c.End, c.Policy, c.FeeRequired, now);
        return Decision<BookingEvent>.Accept([created, .. SkippedReminders(c.Policy, c.Start, now)]);
    }

    private static Decision<BookingEvent> Reschedule(RescheduleBooking c, BookingState state, DateTimeOffset now)
    {
        if (CheckReschedule(state, c.Start, c.End, now) is { } refused)
            return refused;
        if (c.Start == state.Start && c.End == state.End)
            return Decision<BookingEvent>.Accept();

        var late = IsLateChange(state, c.By, now);
        List<BookingEvent> events = [new BookingRescheduled(state.Start, state.End, c.Start, c.End, c.By, late, now)];
        if (late)
            events.Add(LateNoShow(state, NoShowReason.LateReschedule, now));
        events.AddRange(SkippedReminders(state.Terms, c.Start, now));
        return Decision<BookingEvent>.Accept(events);
    }

    private static Decision<BookingEvent> Cancel(CancelBooking c, BookingState state, DateTimeOffset now)
    {
        if (!state.Exists)
            return NotFound();
        if (state.Status == BookingStatus.Cancelled)
            return Decision<BookingEvent>.Accept();
        if (state.Status != BookingStatus.Scheduled)
            return Rejection.NotAllowed(StatusName(state.Status), AllowedActions(state.Status));

        var late = IsLateChange(state, c.By, now);
        var cancelled = new BookingCancelled(state.Customer, state.Resource, c.Reason, c.By, late, now);
        return late
            ? Decision<BookingEvent>.Accept(cancelled, LateNoShow(state, NoShowReason.LateCancellation, now))
            : Decision<BookingEvent>.Accept(cancelled);
    }

    private static Decision<BookingEvent> Attendance(ReportAttendance c, BookingState state, DateTimeOffset now)
    {
        if (!state.Exists)
            return NotFound();
        if (state.IsOver)
            return Rejection.NotAllowed(StatusName(state.Status), AllowedActions(state.Status));
        if (!Enum.IsDefined(c.Kind))
            return Rejection.Invalid("kind", "Attendance is joined, activity or left.");
        var at = Microseconds.Floor(c.At ?? now);
        if (at > now)
            return Rejection.Invalid("at", "An attendance time cannot be in the future.");

        switch (c.Kind)
        {
            case AttendanceKind.Joined:
                if (state.Present)
                    return Decision<BookingEvent>.Accept();
                if (at >= state.End)
                    return Rejection.Conflict("session_over", $"The session ended at {Iso(state.End)}.");
                var graceEnd = state.Start + state.Terms.JoinGrace;
                if (!state.Joined && at > graceEnd)
                    return Rejection.Conflict("join_grace_passed", $"The join grace ended at {Iso(graceEnd)}; the no-show is recorded then.");
                return Decision<BookingEvent>.Accept(new CustomerJoined(at));

            case AttendanceKind.Activity:
                if (!state.Present)
                    return Rejection.Conflict("not_in_session", "The customer is not in the session; report joined first.");
                if (at <= state.LastActivity)
                    return Decision<BookingEvent>.Accept();
                var silenceLimit = SilenceDeadline(state);
                if (at >= silenceLimit)
                    return Rejection.Conflict("silence_limit_passed", $"The customer was silent past {Iso(silenceLimit)}; the session is interrupted then.");
                return Decision<BookingEvent>.Accept(new CustomerActive(at));

            default:
                return state.Present
                    ? Decision<BookingEvent>.Accept(new CustomerLeft(at))
                    : Decision<BookingEvent>.Accept();
        }
    }

    // A deadline the state no longer lists is stale (moved or withdrawn): firing it changes nothing.
    private Decision<BookingEvent> DeadlineReached(BookingDeadlineReached c, BookingState state)
    {
        if (!Deadlines(state).Contains(new Deadline(c.Name, c.DueAt)))
            return Decision<BookingEvent>.Accept();
        return c.Name switch
        {
            NoShowDeadline => Ending(state, c.DueAt,
                new NoShowRecorded(state.Customer, state.Resource, state.NoShows.Length + 1, NoShowReason.NotJoined, c.DueAt, state.Terms)),
            InactivityDeadline => Ending(state, c.DueAt,
                new SessionInterrupted(state.Customer, state.Resource, SilenceStart(state), c.DueAt)),
            EndDeadline => Ending(state, c.DueAt, new SessionCompleted(c.DueAt)),
            _ => state.Reminders.FirstOrDefault(r => r.DeadlineName == c.Name) is { } reminder
                ? Decision<BookingEvent>.Accept(new ReminderDue(state.Customer, state.Resource, state.Start, reminder.Channel, reminder.Offset, reminder.DueAt))
                : Decision<BookingEvent>.Accept(),
        };
    }

    // Deadlines fired after an outage arrive in no particular order: a reminder still due when the booking ends
    // would otherwise vanish from the deadline list unrecorded, so the ending records it as skipped.
    private static Decision<BookingEvent> Ending(BookingState state, DateTimeOffset at, BookingEvent ending) =>
        Decision<BookingEvent>.Accept(
        [
            .. state.Reminders.Where(r => r.Status == ReminderStatus.Due && r.DueAt <= at).Select(r => new ReminderSkipped(r.Channel, r.Offset, r.DueAt)),
            ending,
        ]);

    public BookingState Evolve(BookingState state, BookingEvent @event) => @event switch
    {
        BookingCreated e => state with
        {
            Status = BookingStatus.Scheduled,
            Customer = e.Customer,
            Resource = e.Resource,
            Start = e.Start,
            End = e.End,
            Policy = e.Policy,
            FeeRequired = e.FeeRequired,
            Reminders = PlanReminders(e.Policy, e.Start),
            History = state.History.Add(new(e.At, "created", e.Start, e.End, e.FeeRequired ? "fee required" : null)),
        },
        BookingRescheduled e => state with
        {
            Start = e.Start,
            End = e.End,
            Reminders = PlanReminders(state.Terms, e.Start),
            History = state.History.Add(new(e.At, "rescheduled", e.Start, e.End, ChangeNote(e.By, e.Late))),
        },
        BookingCancelled e => state with
        {
            Status = BookingStatus.Cancelled,
            Reminders = [.. state.Reminders.Select(r => r.Status == ReminderStatus.Due ? r with { Status = ReminderStatus.Withdrawn } : r)],
            History = state.History.Add(new(e.At, "cancelled", Note: JoinNotes(e.Reason, ChangeNote(e.By, e.Late)))),
        },
        ReminderDue e => WithReminder(state, e.Channel, e.Offset, ReminderStatus.Sent),
        ReminderSkipped e => WithReminder(state, e.Channel, e.Offset, ReminderStatus.Skipped),
        NoShowRecorded e => state with
        {
            Status = e.Reason == NoShowReason.NotJoined ? BookingStatus.NoShow : state.Status,
            NoShows = state.NoShows.Add(new(e.Ordinal, e.Reason, e.At)),
            History = state.History.Add(new(e.At, "no_show", Note: SnakeCase(e.Reason.ToString()))),
        },
        CustomerJoined e => state with
        {
            Status = BookingStatus.InProgress,
            Joined = true,
            Present = true,
            LastActivity = Later(state.LastActivity, e.At),
            History = state.History.Add(new(e.At, "joined")),
        },
        CustomerActive e => state with { LastActivity = Later(state.LastActivity, e.At) },
        CustomerLeft e => state with { Present = false, History = state.History.Add(new(e.At, "left")) },
        SessionInterrupted e => state with
        {
            Status = BookingStatus.Interrupted,
            Present = false,
            History = state.History.Add(new(e.At, "interrupted", Note: $"no customer activity since {Iso(e.LastActivity)}; reschedule recommended")),
        },
        SessionCompleted e => state with
        {
            Status = BookingStatus.Completed,
            Present = false,
            History = state.History.Add(new(e.At, "completed")),
        },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(BookingState state)
    {
        if (state.Status is not (BookingStatus.Scheduled or BookingStatus.InProgress))
            yield break;
        foreach (var reminder in state.Reminders.Where(r => r.Status == ReminderStatus.Due))
            yield return new Deadline(reminder.DeadlineName, reminder.DueAt);
        if (state.Status == BookingStatus.Scheduled)
        {
            yield return new Deadline(NoShowDeadline, state.Start + state.Terms.JoinGrace);
            yield break;
        }

        // Silence reaching past the end is no interruption: the session completes at the end instead.
        if (state.Present && SilenceDeadline(state) < state.End)
            yield return new Deadline(InactivityDeadline, SilenceDeadline(state));
        yield return new Deadline(EndDeadline, state.End);
    }

    public BookingCommand OnDeadline(Deadline deadline) => new BookingDeadlineReached(deadline.Name, deadline.DueAt);

    /// <summary>Free when at least the notice remains before the (current) start; exactly the notice is free.</summary>
    private static bool IsLateChange(BookingState state, ChangedBy by, DateTimeOffset now) =>
        by == ChangedBy.Customer && state.Start - now < state.Terms.FreeChangeNotice;

    private static NoShowRecorded LateNoShow(BookingState state, NoShowReason reason, DateTimeOffset now) =>
        new(state.Customer, state.Resource, state.NoShows.Length + 1, reason, Microseconds.Floor(now), state.Terms);

    // Silence before the start does not count: a customer waiting early in the room is not interrupting anything.
    private static DateTimeOffset SilenceStart(BookingState state) => Later(state.LastActivity, state.Start);

    /// <summary>Silence strictly longer than the limit: exactly the limit is still fine, one microsecond more is not.</summary>
    private static DateTimeOffset SilenceDeadline(BookingState state) =>
        SilenceStart(state) + state.Terms.InactivityLimit + Microseconds.One;

    private static ImmutableArray<ReminderState> PlanReminders(BookingPolicy policy, DateTimeOffset start) =>
        [.. policy.Reminders.Select(r => new ReminderState(r.Channel, r.Offset, start - r.Offset, ReminderStatus.Due)).OrderBy(r => r.DueAt)];

    // A reminder due exactly now is not late: it stays due and its deadline fires at once.
    private static IEnumerable<BookingEvent> SkippedReminders(BookingPolicy policy, DateTimeOffset start, DateTimeOffset now) =>
        PlanReminders(policy, start).Where(r => r.DueAt < now).Select(r => new ReminderSkipped(r.Channel, r.Offset, r.DueAt));

    private static BookingState WithReminder(BookingState state, ReminderChannel channel, TimeSpan offset, ReminderStatus status) =>
        state with
        {
            Reminders = [.. state.Reminders.Select(r => r.Channel == channel && r.Offset == offset ? r with { Status = status } : r)],
        };

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;

    private static Rejection NotFound() => Rejection.NotFound("No booking with this id.", "booking_not_found");

    private static string StatusName(BookingStatus status) => SnakeCase(status.ToString());

    private static IEnumerable<string> AllowedActions(BookingStatus status) => status switch
    {
        BookingStatus.Scheduled => ["reschedule", "cancel", "attendance"],
        BookingStatus.InProgress => ["attendance"],
        _ => [],
    };

    private static string? ChangeNote(ChangedBy by, bool late) =>
        by == ChangedBy.Provider ? "by provider" : late ? "late: counts as a no-show" : null;

    private static string? JoinNotes(string? a, string? b) =>
        (a, b) switch { (null, _) => b, (_, null) => a, _ => $"{a}; {b}" };

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
