using System.Collections.Immutable;
using Pledge.Domain.Json;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Policies;

/// <summary>
/// The published booking terms a tenant runs under, as data. A booking and a customer carry the resolved record
/// in their state, so they keep the version they were decided under.
/// </summary>
/// <param name="Name">The policy's name, e.g. <c>support-desk-booking</c>.</param>
/// <param name="Version">Raised on every change of a tenant override.</param>
/// <param name="Reminders">When and through which channel reminders go out before the start.</param>
/// <param name="FreeChangeNotice">
/// A reschedule or cancel done at least this long before the start is free (exactly this long is free);
/// a later one is carried out but counts as a no-show.
/// </param>
/// <param name="JoinGrace">A customer not joined by start + grace is recorded as a no-show at that moment.</param>
/// <param name="InactivityLimit">
/// Customer silence during a session strictly longer than this interrupts it (exactly this long does not).
/// </param>
/// <param name="NoShowWindow">
/// How long a no-show counts (fixed length, not calendar months). A no-show at <c>t</c> still counts at
/// <c>t + window</c> exactly and drops out one microsecond later: with P365D a 2nd no-show 365 days after the
/// 1st is a repeat, 366 days after it is a fresh 1st.
/// </param>
/// <param name="SecondNoShowSanction">What a repeat no-show costs: a fee on the next booking, or an embargo.</param>
/// <param name="EmbargoMonths">
/// An embargo lasts until this many calendar months (UTC) after the latest no-show; booking is possible again
/// from that instant on. Months clamp to the month's end (31 Aug + 6 months = 28/29 Feb).
/// </param>
public sealed record BookingPolicy(
    string Name,
    int Version,
    ImmutableArray<ReminderRule> Reminders,
    TimeSpan FreeChangeNotice,
    TimeSpan JoinGrace,
    TimeSpan InactivityLimit,
    TimeSpan NoShowWindow,
    NoShowSanction SecondNoShowSanction,
    int EmbargoMonths)
{
    /// <summary>Checks the policy; returns the first fault (naming the field) or null when it is usable.</summary>
    public Rejection? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            return Rejection.Invalid("policy.name", "A policy needs a name.");
        if (Version < 1)
            return Rejection.Invalid("policy.version", "A policy version starts at 1.");
        if (Reminders.IsDefault)
            return Rejection.Invalid("policy.reminders", "Reminders must be a list (it may be empty).");
        for (var i = 0; i < Reminders.Length; i++)
        {
            var rule = Reminders[i];
            if (rule is null)
                return Rejection.Invalid($"policy.reminders[{i}]", "A reminder needs an offset and a channel.");
            if (rule.Offset <= TimeSpan.Zero || !Microseconds.IsWhole(rule.Offset))
                return Rejection.Invalid($"policy.reminders[{i}].offset", "A reminder offset must be a positive duration in whole microseconds, e.g. PT1H.");
            if (!Enum.IsDefined(rule.Channel))
                return Rejection.Invalid($"policy.reminders[{i}].channel", "A reminder channel is email or sms.");
            for (var j = 0; j < i; j++)
            {
                if (Reminders[j] == rule)
                    return Rejection.Invalid($"policy.reminders[{i}]", $"The reminder {IsoDurationConverter.Format(rule.Offset)} by {rule.Channel} is listed twice.");
            }
        }

        return NonNegative(FreeChangeNotice, "policy.freeChangeNotice")
            ?? Positive(JoinGrace, "policy.joinGrace")
            ?? Positive(InactivityLimit, "policy.inactivityLimit")
            ?? Positive(NoShowWindow, "policy.noShowWindow")
            ?? (Enum.IsDefined(SecondNoShowSanction) ? null : Rejection.Invalid("policy.secondNoShowSanction", "The sanction is fee or embargo."))
            ?? (EmbargoMonths is >= 1 and <= 120 ? null : Rejection.Invalid("policy.embargoMonths", "An embargo lasts 1 to 120 months."));
    }

    /// <summary>The end of an embargo imposed for a no-show at <paramref name="noShowAt"/>.</summary>
    public DateTimeOffset EmbargoEnd(DateTimeOffset noShowAt) => noShowAt.ToUniversalTime().AddMonths(EmbargoMonths);

    public bool Equals(BookingPolicy? other) =>
        other is not null
        && Name == other.Name
        && Version == other.Version
        && Reminders.SequenceEqual(other.Reminders)
        && FreeChangeNotice == other.FreeChangeNotice
        && JoinGrace == other.JoinGrace
        && InactivityLimit == other.InactivityLimit
        && NoShowWindow == other.NoShowWindow
        && SecondNoShowSanction == other.SecondNoShowSanction
        && EmbargoMonths == other.EmbargoMonths;

    public override int GetHashCode() => HashCode.Combine(Name, Version, Reminders.Length, NoShowWindow, SecondNoShowSanction);

    private static Rejection? Positive(TimeSpan value, string field) =>
        value > TimeSpan.Zero && Microseconds.IsWhole(value) ? null
            : Rejection.Invalid(field, "Must be a positive duration in whole microseconds, e.g. PT5M.");

    private static Rejection? NonNegative(TimeSpan value, string field) =>
        value >= TimeSpan.Zero && Microseconds.IsWhole(value) ? null
            : Rejection.Invalid(field, "Must be a duration of zero or more in whole microseconds, e.g. PT24H.");
}
