using Pledge.Domain.Calendars;

namespace Pledge.Domain.Tests;

public sealed class CalendarTests
{
    private static readonly CalendarCatalog Catalog = CalendarCatalog.Shared;
    private static readonly TimeOnly Nine = new(9, 0), Six = new(18, 0);

    private static BusinessCalendar Weekdays(string zone, string? country) => Catalog.Get(CalendarSpec.Weekdays(zone, Nine, Six, country));

    private static DateTimeOffset At(int y, int m, int d, int h, int min, double offsetHours) =>
        new(y, m, d, h, min, 0, TimeSpan.FromHours(offsetHours));

    [Theory]
    [InlineData("America/Sao_Paulo")]
    [InlineData("Asia/Jakarta")]
    [InlineData("Europe/Bucharest")]
    public void IANA_zones_resolve_with_invariant_globalization(string id) =>
        Assert.Equal(id, TimeZoneInfo.FindSystemTimeZoneById(id).Id);

    [Fact]
    public void Holidays_of_BR_ID_and_RO_ship_inside_the_product()
    {
        Assert.Equal(["BR", "ID", "RO"], HolidayCalendar.Countries);
        Assert.Equal("Carnival", HolidayCalendar.Of("BR")[new DateOnly(2018, 2, 13)]);
        Assert.Equal("Eid al-Fitr", HolidayCalendar.Of("ID")[new DateOnly(2024, 4, 10)]);
        Assert.Equal("National Day", HolidayCalendar.Of("RO")[new DateOnly(2024, 12, 1)]);
        Assert.Throws<ArgumentException>(() => HolidayCalendar.Of("XX"));
    }

    [Fact]
    public void Brazil_skips_Carnival_and_Ash_Wednesday()
    {
        // Fri 9 Feb 2024 → Thu 15 (1), Fri 16 (2), Mon 19 … Fri 23 (3 … 7).
        var calendar = Weekdays("America/Sao_Paulo", "BR");
        Assert.Equal(At(2024, 2, 23, 10, 0, -3), calendar.AddBusinessDays(At(2024, 2, 9, 10, 0, -3), 7));
    }

    [Fact]
    public void Indonesia_skips_the_Eid_joint_leave_days()
    {
        // Fri 5 Apr 2024; 8–12 and 15 April are holidays → Tue 16 (1) … Fri 19 (4), Mon 22 (5), Tue 23 (6), Wed 24 (7).
        var calendar = Weekdays("Asia/Jakarta", "ID");
        Assert.Equal(At(2024, 4, 24, 9, 30, 7), calendar.AddBusinessDays(At(2024, 4, 5, 9, 30, 7), 7));
    }

    [Fact]
    public void Romania_skips_Labour_Day_and_Orthodox_Easter()
    {
        // Tue 30 Apr 2024; 1 May, Good Friday 3 May and Easter Monday 6 May are holidays →
        // Thu 2 (1), Tue 7 (2) … Fri 10 (5), Mon 13 (6), Tue 14 (7).
        var calendar = Weekdays("Europe/Bucharest", "RO");
        Assert.Equal(At(2024, 5, 14, 11, 0, 3), calendar.AddBusinessDays(At(2024, 4, 30, 11, 0, 3), 7));
    }

    [Fact]
    public void A_start_on_a_weekend_counts_from_the_next_working_day()
    {
        var calendar = Weekdays("Europe/Bucharest", null);
        Assert.Equal(At(2024, 6, 3, 15, 0, 3), calendar.AddBusinessDays(At(2024, 6, 1, 15, 0, 3), 1));
        Assert.Equal(At(2024, 6, 1, 15, 0, 3), calendar.AddBusinessDays(At(2024, 6, 1, 15, 0, 3), 0));
    }

    [Fact]
    public void The_start_is_read_in_the_calendars_own_zone()
    {
        // 02:00 UTC on Sat 1 June is Sat 05:00 in Bucharest but Fri 23:00 in São Paulo.
        var start = new DateTimeOffset(2024, 6, 1, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(At(2024, 6, 4, 5, 0, 3), Weekdays("Europe/Bucharest", null).AddBusinessDays(start, 2));
        Assert.Equal(At(2024, 6, 4, 23, 0, -3), Weekdays("America/Sao_Paulo", null).AddBusinessDays(start, 2));
    }

    [Fact]
    public void Business_days_keep_the_local_time_across_Sao_Paulos_last_DST_start()
    {
        // Brazil still had DST in 2018: clocks went from -03:00 to -02:00 on Sun 4 Nov 2018. Fri 2 Nov
        // (All Souls' Day) is a holiday, so one business day after Thu 1 Nov 10:00 is Mon 5 Nov 10:00 -02:00.
        var calendar = Weekdays("America/Sao_Paulo", "BR");
        var due = calendar.AddBusinessDays(At(2018, 11, 1, 10, 0, -3), 1);
        Assert.Equal(At(2018, 11, 5, 10, 0, -2), due);
        Assert.Equal(TimeSpan.FromHours(-2), due.Offset);
    }

    [Fact]
    public void A_local_time_skipped_by_DST_moves_forward_by_the_gap()
    {
        // Bucharest skips 03:00–04:00 on Sun 31 Mar 2024; 03:30 that day resolves to 04:30 +03:00 (01:30 UTC).
        var calendar = Catalog.Get(new CalendarSpec("Europe/Bucharest", [new(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(23, 59))], null));
        var due = calendar.AddBusinessDays(At(2024, 3, 24, 3, 30, 2), 1);
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 1, 30, 0, TimeSpan.Zero), due);
        Assert.Equal(At(2024, 3, 31, 4, 30, 3), due);
    }

    [Fact]
    public void A_local_time_repeated_by_DST_means_its_first_occurrence()
    {
        // Bucharest repeats 03:00–04:00 on Sun 27 Oct 2024; 03:30 resolves to 03:30 +03:00 (00:30 UTC), not +02:00.
        var calendar = Catalog.Get(new CalendarSpec("Europe/Bucharest", [new(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(23, 59))], null));
        var due = calendar.AddBusinessDays(At(2024, 10, 20, 3, 30, 3), 1);
        Assert.Equal(new DateTimeOffset(2024, 10, 27, 0, 30, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Business_time_skips_nights_weekends_and_holidays()
    {
        var calendar = Weekdays("America/Sao_Paulo", "BR");
        // Fri 17:00 + 2 h → 1 h on Friday, 1 h on Monday.
        Assert.Equal(At(2024, 6, 3, 10, 0, -3), calendar.AddBusinessTime(At(2024, 5, 31, 17, 0, -3), TimeSpan.FromHours(2)));
        // Sat → Monday 09:00 + 30 min.
        Assert.Equal(At(2024, 6, 10, 9, 30, -3), calendar.AddBusinessTime(At(2024, 6, 8, 12, 0, -3), TimeSpan.FromMinutes(30)));
        // Wed 1 May 2024 is Worker's Day: Tue 30 Apr 17:00 + 2 h ends Thu 2 May 10:00.
        Assert.Equal(At(2024, 5, 2, 10, 0, -3), calendar.AddBusinessTime(At(2024, 4, 30, 17, 0, -3), TimeSpan.FromHours(2)));
        // Exactly the rest of a day ends at the close of that day.
        Assert.Equal(At(2024, 6, 3, 18, 0, -3), calendar.AddBusinessTime(At(2024, 6, 3, 9, 0, -3), TimeSpan.FromHours(9)));
        Assert.Equal(At(2024, 6, 3, 12, 0, -3), calendar.AddBusinessTime(At(2024, 6, 3, 12, 0, -3), TimeSpan.Zero));
    }

    [Fact]
    public void Business_time_counts_real_hours_across_a_DST_gap()
    {
        var calendar = Catalog.Get(new CalendarSpec("Europe/Bucharest", [new(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(23, 59))], null));
        // Sun 31 Mar 2024 02:00 +02:00 + 2 h of working time = 05:00 +03:00 (the skipped hour is not time).
        Assert.Equal(At(2024, 3, 31, 5, 0, 3), calendar.AddBusinessTime(At(2024, 3, 31, 2, 0, 2), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Working_time_is_half_open_and_honours_breaks_and_holidays()
    {
        var calendar = Catalog.Get(new CalendarSpec("Asia/Jakarta",
            [new(DayOfWeek.Monday, Nine, new TimeOnly(12, 0)), new(DayOfWeek.Monday, new TimeOnly(13, 0), Six)], "ID"));
        Assert.True(calendar.IsWorkingTime(At(2024, 6, 3, 9, 0, 7)));
        Assert.True(calendar.IsWorkingTime(At(2024, 6, 3, 11, 59, 7)));
        Assert.False(calendar.IsWorkingTime(At(2024, 6, 3, 12, 30, 7)));
        Assert.False(calendar.IsWorkingTime(At(2024, 6, 3, 18, 0, 7)));
        Assert.False(calendar.IsWorkingTime(At(2024, 6, 4, 10, 0, 7)));
        Assert.False(calendar.IsWorkingTime(At(2024, 4, 8, 10, 0, 7)));
        Assert.Equal(At(2024, 6, 3, 13, 30, 7), calendar.AddBusinessTime(At(2024, 6, 3, 11, 0, 7), TimeSpan.FromMinutes(90)));
    }

    [Theory]
    [InlineData("Mars/Olympus", "BR", false, "calendar.timeZone")]
    [InlineData("Europe/Bucharest", "XX", false, "calendar.country")]
    [InlineData("Europe/Bucharest", "RO", true, "calendar.workingHours")]
    public void Invalid_specs_name_the_field(string zone, string country, bool overlapping, string field)
    {
        var hours = overlapping
            ? [new WorkingHours(DayOfWeek.Monday, Nine, Six), new WorkingHours(DayOfWeek.Monday, new TimeOnly(17, 0), new TimeOnly(19, 0))]
            : new WorkingHours[] { new(DayOfWeek.Monday, Nine, Six) };
        Assert.Equal(field, CalendarCatalog.Validate(new CalendarSpec(zone, [.. hours], country))!.Field);
        Assert.Null(CalendarCatalog.Validate(CalendarSpec.Weekdays("Europe/Bucharest", Nine, Six, "RO")));
    }

    [Fact]
    public void Equal_specs_share_one_calendar()
    {
        var a = CalendarSpec.Weekdays("Europe/Bucharest", Nine, Six, "RO");
        var b = CalendarSpec.Weekdays("Europe/Bucharest", Nine, Six, "RO");
        Assert.Same(Catalog.Get(a), Catalog.Get(b));
        Assert.NotSame(Catalog.Get(a), Catalog.Get(a with { Country = "BR" }));
    }
}
