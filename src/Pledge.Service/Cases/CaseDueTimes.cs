using Pledge.Cases;
using Pledge.Domain.Calendars;
using Pledge.Service.Policies;

namespace Pledge.Service.Casework;

/// <summary>
/// Due times of case terms counted in business days, which the case decider leaves to its caller.
/// </summary>
/// <remarks>
/// A tenant has one business calendar for cases: the calendar of its <c>consumer-complaint</c> conversation policy
/// (the preset's São Paulo office hours with Brazilian holidays, or the tenant's override of it). Complaints are the
/// case type the law counts in business days, and that policy is where a tenant already states its complaint calendar,
/// so disputes use the same one rather than a second setting. An override without a calendar means every day counts.
/// </remarks>
public static class CaseDueTimes
{
    /// <summary>The conversation policy whose calendar cases count business days in.</summary>
    public const string CalendarPolicy = "consumer-complaint";

    /// <summary>
    /// The last on-time instant of <paramref name="term"/> started at <paramref name="now"/>: the same local time on the
    /// n-th following working day; null for an elapsed-day term (the decider adds those days itself).
    /// </summary>
    public static async Task<DateTimeOffset?> DueAsync(PolicyRegistry policies, string tenant, CaseTerm term, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!term.BusinessDays) return null;
        var policy = await policies.ResolveAsync(PolicyFamilies.Conversation, tenant, CalendarPolicy, cancellationToken);
        return policy?.Calendar is { } calendar
            ? CalendarCatalog.Shared.Get(calendar).AddBusinessDays(now, term.Days)
            : now.AddDays(term.Days);
    }
}
