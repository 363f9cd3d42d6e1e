using System.Collections.Immutable;

namespace Pledge.Domain.Calendars;

/// <summary>
/// A business calendar as policy data: weekly working hours in an IANA time zone, plus the public holidays
/// of a country (ISO 3166 alpha-2; null for none). <see cref="CalendarCatalog"/> turns it into a
/// <see cref="BusinessCalendar"/>.
/// </summary>
public sealed record CalendarSpec(string TimeZone, ImmutableArray<WorkingHours> WorkingHours, string? Country)
{
    /// <summary>Monday to Friday, <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static CalendarSpec Weekdays(string timeZone, TimeOnly from, TimeOnly to, string? country) =>
        new(timeZone,
            [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(day => new WorkingHours(day, from, to))],
            country);

    /// <summary>A stable text form, equal for equal specs (records compare arrays by reference).</summary>
    public string CanonicalKey() =>
        $"{TimeZone}|{Country}|" + string.Join(",", WorkingHours.IsDefault ? [] : WorkingHours
            .OrderBy(h => h.Day).ThenBy(h => h.From)
            .Select(h => $"{(int)h.Day}:{h.From:HH\\:mm\\:ss\\.fffffff}-{h.To:HH\\:mm\\:ss\\.fffffff}"));
}
