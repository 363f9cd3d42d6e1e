using Pledge.Bookings.Policies;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Customers;

/// <summary>
/// A customer's standing: no-shows over the rolling window (dropping out by their own deadline), the warning or
/// sanction each one brings, and a reviewer's restriction. Whether the customer may book is
/// <see cref="CustomerRules.CanBook"/>, a pure query on this state.
/// </summary>
public sealed class CustomerDecider : IDecider<CustomerCommand, CustomerEvent, CustomerState>
{
    public const string NoShowsExpireDeadline = "no_shows_expire";
    public const string EmbargoEndDeadline = "embargo_end";
    public const string RestrictionEndDeadline = "restriction_end";

    public static readonly CustomerDecider Instance = new();

    public CustomerState Initial => CustomerState.Initial;

    public Decision<CustomerEvent> Decide(CustomerCommand command, CustomerState state, DateTimeOffset now) => command switch
    {
        RecordNoShow c => RecordNoShow(c, state, now),
        SettleFee c => state.FeeImposedAt is { } imposed && c.BookedAt >= imposed
            ? Decision<CustomerEvent>.Accept(new FeeSettled(c.BookingId, now))
            : Decision<CustomerEvent>.Accept(),
        RestrictCustomer c => Restrict(c, state, now),
        LiftRestriction c => Lift(c, state, now),
        CustomerDeadlineReached c => DeadlineReached(c, state),
        _ => Rejection.Invalid("type", $"Unknown customer command {command.GetType().Name}."),
    };

    private static Decision<CustomerEvent> RecordNoShow(RecordNoShow c, CustomerState state, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(c.BookingId))
            return Rejection.Invalid("bookingId", "A booking id is required.");
        if (c.Ordinal < 1)
            return Rejection.Invalid("ordinal", "A no-show ordinal starts at 1.");
        if (c.At == default)
            return Rejection.Invalid("at", "The no-show time is required.");
        if (c.Policy is null)
            return Rejection.Invalid("policy", "The booking policy is required.");
        if (c.Policy.Validate() is { } invalid)
            return invalid;
        if (state.NoShows.Any(n => n.BookingId == c.BookingId && n.Ordinal == c.Ordinal))
            return Decision<CustomerEvent>.Accept();

        var at = Microseconds.Floor(c.At);
        var expiresAt = at + c.Policy.NoShowWindow + Microseconds.One;
        // Delivered so late that it has already left the window: it no longer counts.
        if (expiresAt <= now)
            return Decision<CustomerEvent>.Accept();

        var counting = state.NoShows.Count(n => n.ExpiresAt > now) + 1;
        var counted = new NoShowCounted(c.BookingId, c.Ordinal, at, c.Reason, expiresAt, counting, c.Policy);
        var previous = state.NoShows.Where(n => n.At <= at).MaxBy(n => n.At);
        var repeat = previous is not null && at - previous.At <= c.Policy.NoShowWindow;
        CustomerEvent consequence = !repeat
            ? new NoShowWarningIssued(c.BookingId, c.Ordinal, at)
            : c.Policy.SecondNoShowSanction == NoShowSanction.Fee
                ? new FeeRequiredImposed(c.BookingId, c.Ordinal, at)
                : new EmbargoImposed(c.BookingId, c.Ordinal, at, Later(state.Embargo?.Until, c.Policy.EmbargoEnd(at)));
        return Decision<CustomerEvent>.Accept(counted, consequence);
    }

    private static Decision<CustomerEvent> Restrict(RestrictCustomer c, CustomerState state, DateTimeOffset now)
    {
        if (Text.IsBlank(c.Reason))
            return Rejection.Invalid("reason", "A restriction needs a reason.");
        if (string.IsNullOrWhiteSpace(c.By))
            return Rejection.Invalid("by", "A restriction needs the reviewer who imposed it.");
        if (c.Until is { } until && (until <= now || !Microseconds.IsWhole(until)))
            return Rejection.Invalid("until", "A restriction ends in the future (whole microseconds), or is permanent when until is omitted.");
        if (state.Restriction is { } current && current.Reason == c.Reason && current.Until == c.Until && current.By == c.By)
            return Decision<CustomerEvent>.Accept();
        return Decision<CustomerEvent>.Accept(new CustomerRestricted(c.Reason, c.Until, c.By, now));
    }

    private static Decision<CustomerEvent> Lift(LiftRestriction c, CustomerState state, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(c.By))
            return Rejection.Invalid("by", "Lifting a restriction needs the reviewer who lifts it.");
        return state.Restriction is null
            ? Decision<CustomerEvent>.Accept()
            : Decision<CustomerEvent>.Accept(new RestrictionLifted(c.By, c.Reason, now));
    }

    // A deadline the state no longer lists is stale: firing it changes nothing.
    private Decision<CustomerEvent> DeadlineReached(CustomerDeadlineReached c, CustomerState state)
    {
        if (!Deadlines(state).Contains(new Deadline(c.Name, c.DueAt)))
            return Decision<CustomerEvent>.Accept();
        return c.Name switch
        {
            NoShowsExpireDeadline => Decision<CustomerEvent>.Accept(new NoShowsExpired(
                [.. state.NoShows.Where(n => n.ExpiresAt <= c.DueAt).Select(n => new NoShowRef(n.BookingId, n.Ordinal))], c.DueAt)),
            EmbargoEndDeadline => Decision<CustomerEvent>.Accept(new EmbargoEnded(c.DueAt)),
            RestrictionEndDeadline => Decision<CustomerEvent>.Accept(new RestrictionExpired(c.DueAt)),
            _ => Decision<CustomerEvent>.Accept(),
        };
    }

    public CustomerState Evolve(CustomerState state, CustomerEvent @event) => @event switch
    {
        NoShowCounted e => state with
        {
            Policy = e.Policy,
            NoShows = [.. state.NoShows.Append(new(e.BookingId, e.Ordinal, e.At, e.Reason, e.ExpiresAt, NoShowConsequence.None)).OrderBy(n => n.At)],
        },
        NoShowWarningIssued e => WithConsequence(state, e.BookingId, e.Ordinal, NoShowConsequence.Warning),
        FeeRequiredImposed e => WithConsequence(state, e.BookingId, e.Ordinal, NoShowConsequence.Fee) with { FeeImposedAt = e.At },
        EmbargoImposed e => WithConsequence(state, e.BookingId, e.Ordinal, NoShowConsequence.Embargo) with { Embargo = new(e.At, e.Until) },
        NoShowsExpired e => state with
        {
            NoShows = state.NoShows.RemoveAll(n => e.NoShows.Contains(new NoShowRef(n.BookingId, n.Ordinal))),
        },
        FeeSettled => state with { FeeImposedAt = null },
        EmbargoEnded => state with { Embargo = null },
        CustomerRestricted e => state with { Restriction = new(e.Reason, e.Until, e.By, e.At) },
        RestrictionLifted or RestrictionExpired => state with { Restriction = null },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(CustomerState state)
    {
        if (!state.NoShows.IsEmpty)
            yield return new Deadline(NoShowsExpireDeadline, state.NoShows.Min(n => n.ExpiresAt));
        if (state.Embargo?.Until is { } embargoEnd)
            yield return new Deadline(EmbargoEndDeadline, embargoEnd);
        if (state.Restriction?.Until is { } restrictionEnd)
            yield return new Deadline(RestrictionEndDeadline, restrictionEnd);
    }

    public CustomerCommand OnDeadline(Deadline deadline) => new CustomerDeadlineReached(deadline.Name, deadline.DueAt);

    private static CustomerState WithConsequence(CustomerState state, string bookingId, int ordinal, NoShowConsequence consequence) =>
        state with
        {
            NoShows = [.. state.NoShows.Select(n => n.BookingId == bookingId && n.Ordinal == ordinal ? n with { Consequence = consequence } : n)],
        };

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;
}
