using System.Text.Json;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings.Tests;

public sealed class CustomerDeciderTests
{
    private static readonly DateTimeOffset First = new(2026, 1, 15, 10, 5, 0, TimeSpan.Zero);
    private static readonly TimeSpan Micro = TimeSpan.FromTicks(10);
    private static readonly BookingPolicy Fee = BookingPolicies.SupportDeskBooking;
    private static readonly BookingPolicy Embargo = BookingPolicies.SupportDeskBookingEmbargo;

    private static Entity<CustomerCommand, CustomerEvent, CustomerState> NewCustomer() => new(BookingKinds.Customer());

    private static RecordNoShow NoShow(string booking, DateTimeOffset at, BookingPolicy? policy = null, int ordinal = 1) =>
        new(booking, ordinal, at, NoShowReason.NotJoined, policy ?? Fee);

    [Fact]
    public void The_first_no_show_brings_a_warning_and_booking_stays_open()
    {
        var customer = NewCustomer();

        customer.Accept(NoShow("b1", First), First);

        Assert.Single(customer.Log.OfType<NoShowWarningIssued>());
        Assert.Equal(BookingVerdict.Allowed, CustomerRules.CanBook(customer.State, First).Verdict);
        var view = CustomerView.From("c1", customer.State, First);
        Assert.Equal((1, 1, SupportLevel.Standard), (view.NoShowsIn12Months, view.Warnings.Length, view.SupportLevel));
    }

    [Fact]
    public void A_second_no_show_on_day_365_after_the_first_is_a_repeat_and_requires_a_fee()
    {
        var customer = NewCustomer();
        customer.Accept(NoShow("b1", First), First);
        var second = First.AddDays(365);

        customer.RunUntil(second);
        customer.Accept(NoShow("b2", second), second);

        Assert.Single(customer.Log.OfType<FeeRequiredImposed>());
        Assert.Equal(BookingVerdict.FeeRequired, CustomerRules.CanBook(customer.State, second).Verdict);
        var view = CustomerView.From("c1", customer.State, second);
        Assert.Equal((2, SupportLevel.Reduced, NoShowSanction.Fee), (view.NoShowsIn12Months, view.SupportLevel, view.Sanction!.Kind));
    }

    [Fact]
    public void A_second_no_show_on_day_366_finds_the_first_dropped_out_by_itself_and_is_only_a_warning()
    {
        var customer = NewCustomer();
        customer.Accept(NoShow("b1", First), First);

        customer.RunUntil(First.AddDays(365));
        Assert.Single(customer.State.NoShows);
        var expired = Assert.Single(customer.RunUntil(First.AddDays(365) + Micro));
        Assert.IsType<NoShowsExpired>(expired);
        Assert.Empty(customer.State.NoShows);
        Assert.Empty(customer.Deadlines);

        var second = First.AddDays(366);
        customer.Accept(NoShow("b2", second), second);
        Assert.Equal(2, customer.Log.OfType<NoShowWarningIssued>().Count());
        Assert.Empty(customer.Log.OfType<FeeRequiredImposed>());
        Assert.Equal(BookingVerdict.Allowed, CustomerRules.CanBook(customer.State, second).Verdict);
    }

    [Fact]
    public void A_repeat_under_the_embargo_policy_bars_booking_until_six_months_after_the_latest_no_show()
    {
        var customer = NewCustomer();
        customer.Accept(NoShow("b1", First, Embargo), First);
        var second = First.AddDays(30);
        customer.Accept(NoShow("b2", second, Embargo), second);
        var until = new DateTimeOffset(2026, 8, 14, 10, 5, 0, TimeSpan.Zero);

        var embargo = Assert.Single(customer.Log.OfType<EmbargoImposed>());
        Assert.Equal(until, embargo.Until);

        var refused = CustomerRules.CanBook(customer.State, until - Micro);
        Assert.Equal(BookingVerdict.Refused, refused.Verdict);
        Assert.Equal(RejectionKind.Restricted, refused.Refusal!.Kind);
        Assert.Equal("booking_embargo", refused.Refusal.Code);
        Assert.Equal("2026-08-14T10:05:00.0000000+00:00", refused.Refusal.Details!["firstPossible"]);
        Assert.Contains("2026-08-14T10:05:00", refused.Refusal.Message);
        Assert.Equal(BookingVerdict.Allowed, CustomerRules.CanBook(customer.State, until).Verdict);

        Assert.IsType<EmbargoEnded>(Assert.Single(customer.RunUntil(until)));
        Assert.Null(customer.State.Embargo);
    }

    [Fact]
    public void Recording_the_same_no_show_twice_counts_it_once_but_a_second_no_show_of_one_booking_counts()
    {
        var customer = NewCustomer();
        customer.Accept(NoShow("b1", First, ordinal: 1), First);

        var duplicate = customer.Send(NoShow("b1", First, ordinal: 1), First.AddMinutes(1));
        customer.Accept(NoShow("b1", First.AddHours(2), ordinal: 2), First.AddHours(2));

        Assert.Empty(duplicate.Events);
        Assert.Equal(2, customer.State.NoShows.Length);
    }

    [Fact]
    public void A_no_show_delivered_after_it_left_the_window_does_not_count()
    {
        var customer = NewCustomer();

        var late = customer.Send(NoShow("b1", First), First.AddDays(365) + Micro);

        Assert.True(late.IsAccepted);
        Assert.Empty(late.Events);
    }

    [Fact]
    public void The_fee_is_settled_by_the_next_booking_made_after_it_and_not_by_an_older_one()
    {
        var customer = NewCustomer();
        customer.Accept(NoShow("b1", First), First);
        customer.Accept(NoShow("b2", First.AddDays(1)), First.AddDays(1));

        Assert.Empty(customer.Send(new SettleFee("old", First), First.AddDays(2)).Events);
        customer.Accept(new SettleFee("b3", First.AddDays(2)), First.AddDays(2));

        Assert.Null(customer.State.FeeImposedAt);
        Assert.Equal(BookingVerdict.Allowed, CustomerRules.CanBook(customer.State, First.AddDays(2)).Verdict);
    }

    [Fact]
    public void A_temporary_restriction_bars_access_until_its_end_and_says_until_when()
    {
        var customer = NewCustomer();
        var until = First.AddDays(14);
        customer.Accept(new RestrictCustomer("abusive language toward support staff", until, "reviewer-1"), First);

        var refused = CustomerRules.CheckAccess(customer.State, until - Micro);
        Assert.NotNull(refused);
        Assert.Equal((RejectionKind.Restricted, "customer_restricted"), (refused.Kind, refused.Code));
        Assert.Contains("until 2026-01-29T10:05:00", refused.Message);
        Assert.Equal(BookingVerdict.Refused, CustomerRules.CanBook(customer.State, First).Verdict);
        Assert.Equal(SupportLevel.Suspended, CustomerView.From("c1", customer.State, First).SupportLevel);
        Assert.Null(CustomerRules.CheckAccess(customer.State, until));

        Assert.IsType<RestrictionExpired>(Assert.Single(customer.RunUntil(until)));
        Assert.Null(customer.State.Restriction);
    }

    [Fact]
    public void A_permanent_restriction_says_so_and_only_lifting_ends_it()
    {
        var customer = NewCustomer();
        customer.Accept(new RestrictCustomer("threats", null, "reviewer-1"), First);

        var refused = CustomerRules.CheckAccess(customer.State, First.AddYears(10));
        Assert.Contains("permanently", refused!.Message);
        Assert.Equal("permanent", refused.Details!["until"]);
        Assert.True(CustomerView.From("c1", customer.State, First).Restriction!.Permanent);
        Assert.Empty(customer.Deadlines);

        customer.Accept(new LiftRestriction("reviewer-2", "apologised"), First.AddDays(1));
        Assert.Null(CustomerRules.CheckAccess(customer.State, First.AddDays(1)));
    }

    [Theory]
    [InlineData("reason")]
    [InlineData("reason-control")]
    [InlineData("by")]
    [InlineData("until")]
    public void A_restriction_names_the_field_at_fault(string field)
    {
        var customer = NewCustomer();
        var command = field switch
        {
            "reason" => new RestrictCustomer(" ", null, "r"),
            "reason-control" => new RestrictCustomer("\u0001\u200B\t", null, "r"),
            "by" => new RestrictCustomer("abuse", null, ""),
            _ => new RestrictCustomer("abuse", First, "r"),
        };

        Assert.Equal(field.Split('-')[0], customer.Refuse(command, First).Field);
        Assert.Null(customer.State.Restriction);
    }

    [Fact]
    public void The_customer_view_uses_the_rest_names()
    {
        var customer = NewCustomer();
        customer.Accept(NoShow("b1", First, Embargo), First);
        customer.Accept(NoShow("b2", First.AddDays(1), Embargo), First.AddDays(1));

        var json = JsonSerializer.Serialize(CustomerView.From("c1", customer.State, First.AddDays(1)), BookingsJsonContext.Default.CustomerView);

        Assert.Contains("\"noShowsIn12Months\":2", json);
        Assert.Contains("\"supportLevel\":\"reduced\"", json);
        Assert.Contains("\"sanction\":{\"kind\":\"embargo\"", json);
        Assert.Contains("\"booking\":\"refused\"", json);
        Assert.Contains("\"consequence\":\"warning\"", json);
    }
}
