using System.Collections.Frozen;

namespace Pledge.Domain.Calendars;

/// <summary>
/// Working time in one time zone: weekly working hours, minus public holidays.
/// </summary>
/// <remarks>
/// Local times that a DST transition makes invalid or ambiguous are resolved the same way everywhere
/// (<see cref="ToInstant"/>): a local time inside a spring-forward gap moves forward by the length of the gap
/// (02:30 in a 02:00→03:00 gap becomes 03:30, i.e. the instant the clock would have shown 02:30 under the
/// offset before the gap); a local time that occurs twice in a fall-back overlap means its first occurrence
/// (the earlier instant, still under daylight time).
/// </remarks>
public sealed class BusinessCalendar
{
    // Ten years without a working day means the calendar has none; stop rather than loop for ever.
    private const int MaxDaysScanned = 3660;

    private readonly FrozenDictionary<DayOfWeek, WorkingHours[]> week;
    private readonly FrozenSet<DateOnly> holidays;

    public BusinessCalendar(TimeZoneInfo timeZone, IEnumerable<WorkingHours> workingHours, IEnumerable<DateOnly> holidays)
    {
        TimeZone = timeZone;
        week = workingHours.GroupBy(h => h.Day).ToFrozenDictionary(g => g.Key, g => g.OrderBy(h => h.From).ToArray());
        if (week.Values.SelectMany(h => h).Any(h => h.From >= h.To))
            throw new ArgumentException("Working hours must end after they start.", nameof(workingHours));
        if (week.Count == 0)
            throw new ArgumentException("A calendar needs at least one working day.", nameof(workingHours));
        this.holidays = holidays.ToFrozenSet();
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>True when <paramref name="date"/> has working hours and is not a holiday.</summary>
    public bool IsWorkingDay(DateOnly date) => week.ContainsKey(date.DayOfWeek) && !holidays.Contains(date);

    public bool IsHoliday(DateOnly date) => holidays.Contains(date);

    /// <summary>True when <paramref name="instant"/> falls inside working hours of a working day.</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var date = DateOnly.FromDateTime(ToLocal(instant));
        return Stretches(date).Any(s => s.Start <= instant && instant < s.End);
    }

    /// <summary>
    /// The same local time on the <paramref name="days"/>-th working day after the local date of
    /// <paramref name="start"/> (the start day itself never counts, working or not).
    /// </summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0)
            return start;
        var local = ToLocal(start);
        var date = DateOnly.FromDateTime(local);
        for (int found = 0, scanned = 0; found < days; scanned++)
        {
            if (scanned > MaxDaysScanned)
                throw new InvalidOperationException("The calendar has no working days.");
            date = date.AddDays(1);
            if (IsWorkingDay(date))
                found++;
        }
        return ToInstant(date.ToDateTime(TimeOnly.FromTimeSpan(local.TimeOfDay)));
    }

    /// <summary>
    /// The instant at which <paramref name="duration"/> of working time has elapsed since <paramref name="start"/>;
    /// time outside working hours and on holidays does not count.
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero)
            return start;
        var remaining = duration;
        var date = DateOnly.FromDateTime(ToLocal(start));
        for (var scanned = 0; scanned <= MaxDaysScanned; scanned++, date = date.AddDays(1))
        {
            foreach (var (stretchStart, stretchEnd) in Stretches(date))
            {
                var from = stretchStart > start ? stretchStart : start;
                if (from >= stretchEnd)
                    continue;
                var available = stretchEnd - from;
                if (remaining <= available)
                    return ToOffset(from + remaining);
                remaining -= available;
            }
        }
        throw new InvalidOperationException("The calendar has no working days.");
    }

    /// <summary>The instant of a local wall-clock time, with DST gaps and overlaps resolved as documented above.</summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (TimeZone.IsInvalidTime(local))
            offset = TimeZone.GetUtcOffset(local.AddDays(-1)); // the offset in force before the gap
        else if (TimeZone.IsAmbiguousTime(local))
            offset = TimeZone.GetAmbiguousTimeOffsets(local).Max(); // the larger offset is the earlier instant
        else
            offset = TimeZone.GetUtcOffset(local);
        return ToOffset(new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero));
    }

    private DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    private DateTimeOffset ToOffset(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Stretches(DateOnly date) =>
        IsWorkingDay(date) && week.TryGetValue(date.DayOfWeek, out var hours)
            ? hours.Select(h => (ToInstant(date.ToDateTime(h.From)), ToInstant(date.ToDateTime(h.To))))
            : [];
}
