using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>Due times of case steps.</summary>
/// <remarks>
/// A due time is the last instant that is still on time. Its deadline fires one microsecond later, so a step
/// taken exactly at the due time is on time; times are kept to the microsecond because stores keep no more.
/// </remarks>
internal static class Due
{
    public static DateTimeOffset Micro(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    public static DateTimeOffset FiresAt(DateTimeOffset dueBy) => dueBy.AddTicks(TimeSpan.TicksPerMicrosecond);

    /// <summary>
    /// The due time of a step: the one the caller computed in the tenant's calendar, else — for elapsed-day
    /// terms only — <c>now + term</c>. A business-day term without a passed due time is refused.
    /// </summary>
    public static Rejection? Resolve(DateTimeOffset? passed, CaseTerm term, DateTimeOffset now, string field, out DateTimeOffset due)
    {
        due = default;
        if (passed is { } given)
        {
            due = Micro(given);
            return due > now ? null : Rejection.Invalid(field, $"'{field}' must be later than now ({now:O}).");
        }
        if (term.BusinessDays)
            return Rejection.Invalid(field,
                $"'{field}' is required: the policy allows {term.Days} business days, counted in the tenant's calendar by the caller.");
        due = Micro(now).AddDays(term.Days);
        return null;
    }
}
