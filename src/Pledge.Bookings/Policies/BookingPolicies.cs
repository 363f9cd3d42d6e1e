using System.Collections.Immutable;

namespace Pledge.Bookings.Policies;

/// <summary>The booking policy presets a tenant starts from.</summary>
public static class BookingPolicies
{
    /// <summary>The support desk's published terms; a repeat no-show makes the next booking fee-required.</summary>
    public static readonly BookingPolicy SupportDeskBooking = new(
        "support-desk-booking",
        1,
        [
            new(TimeSpan.FromDays(2), ReminderChannel.Email),
            new(TimeSpan.FromHours(24), ReminderChannel.Email),
            new(TimeSpan.FromHours(1), ReminderChannel.Email),
            new(TimeSpan.FromMinutes(30), ReminderChannel.Sms),
        ],
        FreeChangeNotice: TimeSpan.FromHours(24),
        JoinGrace: TimeSpan.FromMinutes(5),
        InactivityLimit: TimeSpan.FromMinutes(5),
        NoShowWindow: TimeSpan.FromDays(365),
        SecondNoShowSanction: NoShowSanction.Fee,
        EmbargoMonths: 6);

    /// <summary>The same terms, but a repeat no-show bars booking for 6 months after the latest no-show.</summary>
    public static readonly BookingPolicy SupportDeskBookingEmbargo = SupportDeskBooking with
    {
        Name = "support-desk-booking-embargo",
        SecondNoShowSanction = NoShowSanction.Embargo,
    };

    public static readonly ImmutableArray<BookingPolicy> All = [SupportDeskBooking, SupportDeskBookingEmbargo];

    public static BookingPolicy? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
