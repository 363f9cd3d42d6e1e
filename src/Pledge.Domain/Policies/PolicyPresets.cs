using System.Collections.Immutable;
using Pledge.Domain.Calendars;

namespace Pledge.Domain.Policies;

/// <summary>The built-in policies (version 1 of each name), from the platforms' published rules.</summary>
public static class PolicyPresets
{
    private static readonly ImmutableSortedDictionary<TimeSpan, int> NoClaims = ImmutableSortedDictionary<TimeSpan, int>.Empty;

    /// <summary>A talent answers each customer message: over 2 min is slow, over 5 min very slow; 5 slow or 3 very slow make a claim.</summary>
    public static ConversationPolicy TalentChat { get; } = new(
        "talent-chat", 1,
        [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)],
        ImmutableSortedDictionary.CreateRange(new Dictionary<TimeSpan, int>
        {
            [TimeSpan.FromMinutes(2)] = 5,
            [TimeSpan.FromMinutes(5)] = 3,
        }),
        Calendar: null,
        ConversationPolicy.DefaultResponseRateWindow,
        MaxBackdate: TimeSpan.FromDays(1));

    /// <summary>A seller answers a buyer within 12 hours; feeds the seller's 12-hour response rate over 30 days.</summary>
    public static ConversationPolicy MarketplaceSellerChat { get; } = new(
        "marketplace-seller-chat", 1, [TimeSpan.FromHours(12)], NoClaims, null,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(7));

    /// <summary>An email is answered within 24 hours.</summary>
    public static ConversationPolicy SupportEmail { get; } = new(
        "support-email", 1, [TimeSpan.FromHours(24)], NoClaims, null,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(7));

    /// <summary>The calendar consumer-complaint runs in unless a tenant overrides it: Mon–Fri 09:00–18:00 in São Paulo, Brazilian holidays.</summary>
    public static CalendarSpec BrazilBusinessHours { get; } =
        CalendarSpec.Weekdays("America/Sao_Paulo", new TimeOnly(9, 0), new TimeOnly(18, 0), "BR");

    /// <summary>A complaint is answered within 7 business days (<c>P7D</c> in <see cref="BrazilBusinessHours"/>).</summary>
    public static ConversationPolicy ConsumerComplaint { get; } = new(
        "consumer-complaint", 1, [TimeSpan.FromDays(7)], NoClaims, BrazilBusinessHours,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(30));

    public static ImmutableArray<ConversationPolicy> All { get; } = [TalentChat, MarketplaceSellerChat, SupportEmail, ConsumerComplaint];

    /// <summary>The preset called <paramref name="name"/>, or null.</summary>
    public static ConversationPolicy? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
