using System.Diagnostics.CodeAnalysis;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings;

/// <summary>
/// The orchestration the application layer runs for bookings, as pure helpers (no I/O): the service reads and
/// sends; these functions decide what to send.
/// <para><b>Create</b> (<c>POST /v1/bookings</c>):</para>
/// <list type="number">
/// <item>Read the customer (<see cref="BookingKinds.CustomerKindName"/>, key = customer id; an unknown customer is
/// <see cref="CustomerState.Initial"/>) and call <see cref="PlanCreate"/>. A refusal (bad input 400, restriction or
/// embargo 403 with the first date possible) is returned as is; nothing was sent.</item>
/// <item>Send <see cref="CreatePlan.Reserve"/> to the resource (key = resource id). A <c>slot_taken</c> conflict
/// (409, naming the clashing range) is returned as is; nothing else was sent.</item>
/// <item>Send <see cref="CreatePlan.Create"/> to the booking (key = booking id). If it is refused, read the booking
/// again and send <see cref="ReleaseAfterRefusedCreate"/>'s release, if any, to the resource, then return the
/// refusal.</item>
/// </list>
/// <para>Concurrency: two requests for overlapping ranges of one resource both pass step 1, but the host runs one
/// command at a time per resource, so exactly one <see cref="Reserve"/> wins and the other gets
/// <c>slot_taken</c>. Retrying the whole flow with the same booking id is safe: Reserve and Create are idempotent
/// for the same input.</para>
/// <para><b>Reschedule</b>: read the booking; <see cref="PlanReschedule"/>; send <see cref="ReschedulePlan.Move"/>
/// to the resource (conflict → return it, nothing changed); send <see cref="ReschedulePlan.Reschedule"/> to the
/// booking. If the booking refuses (it changed in between, e.g. its no-show fired), read it again and send
/// <see cref="UndoMove"/> to the resource.</para>
/// <para><b>Cancel</b>: send <see cref="CancelBooking"/> to the booking, then <see cref="ReleaseReservation"/> to the
/// resource at once so the slot is free for the next request (the booking's reaction releases it too; releasing
/// twice is harmless).</para>
/// <para><b>Attendance</b> goes to the booking only. No-shows, late changes and fees reach the customer and the
/// resource through <see cref="BookingReactions"/>.</para>
/// </summary>
public static class BookingFlow
{
    public static CreatePlan PlanCreate(
        string bookingId,
        string customerId,
        string resourceId,
        DateTimeOffset start,
        DateTimeOffset end,
        BookingPolicy policy,
        CustomerState customer,
        DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(bookingId))
            return CreatePlan.Refused(Rejection.Invalid("id", "A booking id is required."));
        var create = new CreateBooking(customerId, resourceId, start, end, policy);
        if (BookingDecider.CheckCreate(create, now) is { } invalid)
            return CreatePlan.Refused(invalid);
        var eligibility = CustomerRules.CanBook(customer, now);
        if (eligibility.Refusal is { } refused)
            return CreatePlan.Refused(refused);
        return new CreatePlan(
            null,
            new Reserve(bookingId, start, end),
            create with { FeeRequired = eligibility.Verdict == BookingVerdict.FeeRequired });
    }

    public static ReschedulePlan PlanReschedule(
        string bookingId, BookingState booking, DateTimeOffset start, DateTimeOffset end, ChangedBy by, DateTimeOffset now)
    {
        if (BookingDecider.CheckReschedule(booking, start, end, now) is { } refused)
            return new ReschedulePlan(refused, null, null);
        return new ReschedulePlan(null, new MoveReservation(bookingId, start, end), new RescheduleBooking(start, end, by));
    }

    /// <summary>
    /// What a refused create leaves on the resource. The accepted <see cref="Reserve"/> means the booking id now holds
    /// exactly the requested range; if a live booking with that id holds that range there (a repeated create of a
    /// booking that was since moved to it, or one a concurrent request made), the hold is that booking's and stays.
    /// Otherwise nobody owns it and it is released.
    /// </summary>
    public static ReleaseReservation? ReleaseAfterRefusedCreate(Reserve reserved, string resourceId, BookingState bookingNow) =>
        bookingNow.IsLive && bookingNow.Resource == resourceId && bookingNow.Start == reserved.Start && bookingNow.End == reserved.End
            ? null
            : new ReleaseReservation(reserved.BookingId);

    /// <summary>
    /// Undoes a resource move whose booking reschedule was refused: a booking that is over no longer needs its slot;
    /// a live one goes back to the range it still has.
    /// </summary>
    public static ResourceCommand UndoMove(string bookingId, BookingState bookingNow) =>
        bookingNow.IsLive
            ? new MoveReservation(bookingId, bookingNow.Start, bookingNow.End)
            : new ReleaseReservation(bookingId);
}

/// <summary>The commands for a create, or why it is refused before anything is sent.</summary>
public sealed record CreatePlan(Rejection? Refusal, Reserve? Reserve, CreateBooking? Create)
{
    [MemberNotNullWhen(false, nameof(Refusal))]
    [MemberNotNullWhen(true, nameof(Reserve), nameof(Create))]
    public bool IsPlanned => Refusal is null;

    public static CreatePlan Refused(Rejection refusal) => new(refusal, null, null);
}

/// <summary>The commands for a reschedule, or why it is refused before anything is sent.</summary>
public sealed record ReschedulePlan(Rejection? Refusal, MoveReservation? Move, RescheduleBooking? Reschedule)
{
    [MemberNotNullWhen(false, nameof(Refusal))]
    [MemberNotNullWhen(true, nameof(Move), nameof(Reschedule))]
    public bool IsPlanned => Refusal is null;
}
