using System.Collections.Immutable;
using System.Text.Json;
using Pledge.Domain.Calendars;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Tests;

public sealed class PolicyTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Presets_are_valid_version_one_policies_with_the_published_rules()
    {
        Assert.Equal(["talent-chat", "marketplace-seller-chat", "support-email", "consumer-complaint"], PolicyPresets.All.Select(p => p.Name));
        Assert.All(PolicyPresets.All, p => Assert.Null(p.Validate()));
        Assert.All(PolicyPresets.All, p => Assert.Equal(1, p.Version));

        var talent = PolicyPresets.Find("talent-chat")!;
        Assert.Equal<TimeSpan>([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)], talent.Tiers);
        Assert.Equal(5, talent.ClaimThreshold(TimeSpan.FromMinutes(2)));
        Assert.Equal(3, talent.ClaimThreshold(TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromDays(30), PolicyPresets.MarketplaceSellerChat.ResponseRateWindow);
        Assert.Equal<TimeSpan>([TimeSpan.FromHours(12)], PolicyPresets.MarketplaceSellerChat.Tiers);
        Assert.Equal<TimeSpan>([TimeSpan.FromHours(24)], PolicyPresets.SupportEmail.Tiers);
        Assert.Equal("America/Sao_Paulo", PolicyPresets.ConsumerComplaint.Calendar!.TimeZone);
        Assert.Null(PolicyPresets.Find("nope"));
    }

    public static TheoryData<ConversationPolicy, string> InvalidPolicies => new()
    {
        { PolicyPresets.TalentChat with { Name = "Talent Chat" }, "name" },
        { PolicyPresets.TalentChat with { Version = 0 }, "version" },
        { PolicyPresets.TalentChat with { Tiers = [] }, "tiers" },
        { PolicyPresets.TalentChat with { Tiers = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)] }, "tiers" },
        { PolicyPresets.TalentChat with { Tiers = [TimeSpan.FromTicks(15)] }, "tiers" },
        { PolicyPresets.TalentChat with { ClaimThresholds = ImmutableSortedDictionary<TimeSpan, int>.Empty.Add(TimeSpan.FromMinutes(3), 2) }, "claimThresholds" },
        { PolicyPresets.TalentChat with { ClaimThresholds = ImmutableSortedDictionary<TimeSpan, int>.Empty.Add(TimeSpan.FromMinutes(2), 0) }, "claimThresholds" },
        { PolicyPresets.ConsumerComplaint with { Calendar = PolicyPresets.BrazilBusinessHours with { TimeZone = "Nowhere/City" } }, "calendar.timeZone" },
        { PolicyPresets.TalentChat with { ResponseRateWindow = TimeSpan.Zero }, "responseRateWindow" },
        { PolicyPresets.TalentChat with { MaxBackdate = TimeSpan.FromSeconds(-1) }, "maxBackdate" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void Validation_names_the_field_at_fault(ConversationPolicy policy, string field) =>
        Assert.Equal(field, policy.Validate()!.Field);

    [Fact]
    public void A_tenant_override_is_a_new_version_of_the_same_rules()
    {
        var v2 = PolicyPresets.TalentChat.WithVersion(2);
        Assert.Equal((PolicyPresets.TalentChat.Name, 2), (v2.Name, v2.Version));
        Assert.Equal<TimeSpan>(PolicyPresets.TalentChat.Tiers, v2.Tiers);
        Assert.Equal(1, PolicyPresets.TalentChat.Version);
    }

    [Fact]
    public void Plain_tiers_are_elapsed_time_and_breach_one_microsecond_after_the_limit()
    {
        var policy = PolicyPresets.TalentChat;
        Assert.Equal(T0.AddMinutes(2), policy.AnswerLimit(TimeSpan.FromMinutes(2), T0));
        Assert.Equal(T0.AddMinutes(2).AddTicks(10), policy.BreachAt(TimeSpan.FromMinutes(2), T0));
    }

    [Fact]
    public void With_a_calendar_whole_days_are_business_days_and_other_tiers_working_time()
    {
        var calendar = CalendarSpec.Weekdays("America/Sao_Paulo", new TimeOnly(9, 0), new TimeOnly(18, 0), "BR");
        var policy = PolicyPresets.SupportEmail with { Tiers = [TimeSpan.FromHours(4), TimeSpan.FromDays(2)], Calendar = calendar };
        var friday = new DateTimeOffset(2024, 5, 31, 16, 0, 0, TimeSpan.FromHours(-3));
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 11, 0, 0, TimeSpan.FromHours(-3)), policy.AnswerLimit(TimeSpan.FromHours(4), friday));
        Assert.Equal(new DateTimeOffset(2024, 6, 4, 16, 0, 0, TimeSpan.FromHours(-3)), policy.AnswerLimit(TimeSpan.FromDays(2), friday));
    }

    [Fact]
    public void Policies_round_trip_through_JSON_with_ISO_durations()
    {
        foreach (var policy in PolicyPresets.All)
        {
            var json = JsonSerializer.Serialize(policy, PolicyJsonContext.Default.ConversationPolicy);
            var back = JsonSerializer.Deserialize(json, PolicyJsonContext.Default.ConversationPolicy)!;
            Assert.Equal(json, JsonSerializer.Serialize(back, PolicyJsonContext.Default.ConversationPolicy));
            Assert.Null(back.Validate());
            Assert.Equal<TimeSpan>(policy.Tiers, back.Tiers);
        }
        var talent = JsonSerializer.Serialize(PolicyPresets.TalentChat, PolicyJsonContext.Default.ConversationPolicy);
        Assert.Contains("\"tiers\":[\"PT2M\",\"PT5M\"]", talent);
        Assert.Contains("\"claimThresholds\":{\"PT2M\":5,\"PT5M\":3}", talent);
        var complaint = JsonSerializer.Serialize(PolicyPresets.ConsumerComplaint, PolicyJsonContext.Default.ConversationPolicy);
        Assert.Contains("\"tiers\":[\"P7D\"]", complaint);
        Assert.Contains("{\"day\":\"monday\",\"from\":\"09:00:00\",\"to\":\"18:00:00\"}", complaint);
    }
}
