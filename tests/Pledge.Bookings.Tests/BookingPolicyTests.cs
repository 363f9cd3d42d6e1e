using System.Text.Json;
using Pledge.Bookings.Policies;

namespace Pledge.Bookings.Tests;

public sealed class BookingPolicyTests
{
    [Fact]
    public void Presets_are_valid_and_differ_only_in_the_repeat_sanction()
    {
        Assert.Null(BookingPolicies.SupportDeskBooking.Validate());
        Assert.Null(BookingPolicies.SupportDeskBookingEmbargo.Validate());
        Assert.Equal(NoShowSanction.Fee, BookingPolicies.SupportDeskBooking.SecondNoShowSanction);
        Assert.Equal(NoShowSanction.Embargo, BookingPolicies.SupportDeskBookingEmbargo.SecondNoShowSanction);
        Assert.Same(BookingPolicies.SupportDeskBookingEmbargo, BookingPolicies.Find("support-desk-booking-embargo"));
        Assert.Null(BookingPolicies.Find("nope"));
    }

    [Fact]
    public void The_published_terms_are_the_defaults()
    {
        var p = BookingPolicies.SupportDeskBooking;
        Assert.Equal(
            [(TimeSpan.FromDays(2), ReminderChannel.Email), (TimeSpan.FromHours(24), ReminderChannel.Email),
             (TimeSpan.FromHours(1), ReminderChannel.Email), (TimeSpan.FromMinutes(30), ReminderChannel.Sms)],
            p.Reminders.Select(r => (r.Offset, r.Channel)));
        Assert.Equal(TimeSpan.FromHours(24), p.FreeChangeNotice);
        Assert.Equal(TimeSpan.FromMinutes(5), p.JoinGrace);
        Assert.Equal(TimeSpan.FromMinutes(5), p.InactivityLimit);
        Assert.Equal(TimeSpan.FromDays(365), p.NoShowWindow);
        Assert.Equal(6, p.EmbargoMonths);
    }

    [Theory]
    [InlineData("name", "policy.name")]
    [InlineData("version", "policy.version")]
    [InlineData("offset", "policy.reminders[1].offset")]
    [InlineData("duplicate", "policy.reminders[1]")]
    [InlineData("notice", "policy.freeChangeNotice")]
    [InlineData("grace", "policy.joinGrace")]
    [InlineData("inactivity", "policy.inactivityLimit")]
    [InlineData("window", "policy.noShowWindow")]
    [InlineData("embargo", "policy.embargoMonths")]
    [InlineData("submicro", "policy.joinGrace")]
    public void Validation_names_the_field_at_fault(string fault, string field)
    {
        var p = BookingPolicies.SupportDeskBooking;
        var bad = fault switch
        {
            "name" => p with { Name = " " },
            "version" => p with { Version = 0 },
            "offset" => p with { Reminders = [p.Reminders[0], new(TimeSpan.Zero, ReminderChannel.Sms)] },
            "duplicate" => p with { Reminders = [p.Reminders[0], p.Reminders[0]] },
            "notice" => p with { FreeChangeNotice = TimeSpan.FromHours(-1) },
            "grace" => p with { JoinGrace = TimeSpan.Zero },
            "inactivity" => p with { InactivityLimit = TimeSpan.FromMinutes(-5) },
            "window" => p with { NoShowWindow = TimeSpan.Zero },
            "embargo" => p with { EmbargoMonths = 0 },
            _ => p with { JoinGrace = TimeSpan.FromTicks(1) },
        };

        var rejection = bad.Validate();

        Assert.NotNull(rejection);
        Assert.Equal(field, rejection.Field);
    }

    [Fact]
    public void A_policy_round_trips_through_json_in_the_rest_conventions()
    {
        var json = JsonSerializer.Serialize(BookingPolicies.SupportDeskBookingEmbargo, BookingsJsonContext.Default.BookingPolicy);

        Assert.Contains("\"offset\":\"PT30M\"", json);
        Assert.Contains("\"channel\":\"sms\"", json);
        Assert.Contains("\"secondNoShowSanction\":\"embargo\"", json);
        Assert.Contains("\"noShowWindow\":\"P365D\"", json);
        Assert.Equal(BookingPolicies.SupportDeskBookingEmbargo, JsonSerializer.Deserialize(json, BookingsJsonContext.Default.BookingPolicy));
    }

    [Fact]
    public void Embargo_end_counts_calendar_months_and_clamps_to_month_end()
    {
        var p = BookingPolicies.SupportDeskBookingEmbargo;
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 9, 30, 0, TimeSpan.Zero), p.EmbargoEnd(new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.Zero), p.EmbargoEnd(new(2026, 8, 31, 0, 0, 0, TimeSpan.Zero)));
    }
}
