using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pledge.Domain.Kernel;

namespace Pledge.Domain.Calendars;

/// <summary>
/// Builds <see cref="BusinessCalendar"/>s from <see cref="CalendarSpec"/>s and keeps them: calendars are
/// immutable, and deciders ask for the same few ones on every command.
/// </summary>
public sealed class CalendarCatalog
{
    private readonly ConcurrentDictionary<string, BusinessCalendar> byKey = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<CalendarSpec, BusinessCalendar> bySpec = new();

    /// <summary>The process-wide catalog; calendars depend only on their spec and the shipped holidays.</summary>
    public static CalendarCatalog Shared { get; } = new();

    /// <summary>The calendar of a valid spec.</summary>
    /// <exception cref="ArgumentException">The spec is invalid (see <see cref="Validate"/>).</exception>
    public BusinessCalendar Get(CalendarSpec spec) =>
        bySpec.GetValue(spec, s => byKey.GetOrAdd(s.CanonicalKey(), _ => Build(s)));

    /// <summary>Why <paramref name="spec"/> cannot become a calendar, naming the field under <paramref name="field"/>; null when it can.</summary>
    public static Rejection? Validate(CalendarSpec spec, string field = "calendar")
    {
        if (string.IsNullOrWhiteSpace(spec.TimeZone) || !TryFindZone(spec.TimeZone, out _))
            return Rejection.Invalid($"{field}.timeZone", $"'{spec.TimeZone}' is not a known IANA time zone id.");
        if (spec.WorkingHours.IsDefaultOrEmpty)
            return Rejection.Invalid($"{field}.workingHours", "A calendar needs working hours on at least one weekday.");
        if (spec.WorkingHours.Any(h => h is null || h.From >= h.To || !Enum.IsDefined(h.Day)))
            return Rejection.Invalid($"{field}.workingHours", "Each stretch needs a weekday and must end after it starts.");
        var overlapping = spec.WorkingHours.GroupBy(h => h.Day)
            .Any(day => day.OrderBy(h => h.From).Zip(day.OrderBy(h => h.From).Skip(1)).Any(p => p.Second.From < p.First.To));
        if (overlapping)
            return Rejection.Invalid($"{field}.workingHours", "Working hours of one weekday must not overlap.");
        if (spec.Country is not null && !HolidayCalendar.Countries.Contains(spec.Country, StringComparer.Ordinal))
            return Rejection.Invalid($"{field}.country",
                $"No holidays ship for country '{spec.Country}' (known: {string.Join(", ", HolidayCalendar.Countries)}).");
        return null;
    }

    private static BusinessCalendar Build(CalendarSpec spec)
    {
        if (Validate(spec) is { } rejection)
            throw new ArgumentException($"{rejection.Field}: {rejection.Message}", nameof(spec));
        TryFindZone(spec.TimeZone, out var zone);
        var holidays = spec.Country is null ? [] : HolidayCalendar.Of(spec.Country).Keys;
        return new BusinessCalendar(zone!, spec.WorkingHours, holidays);
    }

    private static bool TryFindZone(string id, out TimeZoneInfo? zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = null;
            return false;
        }
    }
}
