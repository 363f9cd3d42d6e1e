using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Pledge.Api.Tests.BookingRouteTests;

namespace Pledge.Api.Tests;

public sealed class CustomerRouteTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public CustomerRouteTests(PledgeApiFactory api) => this.api = api;

    private DateTimeOffset Now => api.Clock.GetUtcNow();

    [Fact]
    public async Task A_temporary_restriction_refuses_bookings_and_conversations_saying_until_when()
    {
        var t = await api.NewTenantAsync("cu-restrict");
        var until = Now.AddDays(30);
        var view = await JsonAsync(await t.Reviewer.PostAsJsonAsync("/v1/customers/rude/restriction", new { reason = "abusive toward support staff", until }));
        var restriction = view.GetProperty("restriction");
        Assert.Equal("abusive toward support staff", restriction.GetProperty("reason").GetString());
        Assert.Equal(until, restriction.GetProperty("until").GetDateTimeOffset());
        Assert.False(restriction.GetProperty("permanent").GetBoolean());
        Assert.Equal("suspended", view.GetProperty("supportLevel").GetString());
        Assert.Equal("refused", view.GetProperty("booking").GetString());
        Assert.Equal(view.GetRawText(), (await JsonAsync(await t.Platform.GetAsync("/v1/customers/rude"))).GetRawText());

        var start = Now.AddDays(3);
        var refused = await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "b1", "rude", "agent", start, start.AddHours(1)), HttpStatusCode.Forbidden);
        Assert.Equal("customer_restricted", refused.GetProperty("code").GetString());
        Assert.Equal(until, DateTimeOffset.Parse(refused.GetProperty("until").GetString()!, CultureInfo.InvariantCulture));
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/bookings/b1"), HttpStatusCode.NotFound);

        var conversation = await ProblemAssert.IsProblemAsync(
            await t.Platform.PutAsJsonAsync("/v1/conversations/conv-1", new { policy = "talent-chat", owner = "agent", customer = "rude" }), HttpStatusCode.Forbidden);
        Assert.Equal("customer_restricted", conversation.GetProperty("code").GetString());
        Assert.Equal(until, DateTimeOffset.Parse(conversation.GetProperty("until").GetString()!, CultureInfo.InvariantCulture));
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/conversations/conv-1"), HttpStatusCode.NotFound);

        // Others are unaffected.
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/conv-2", new { policy = "talent-chat", owner = "agent", customer = "polite" }));
        await JsonAsync(await BookAsync(t.Platform, "b2", "polite", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_restriction_ends_by_itself_at_its_until()
    {
        var t = await api.NewTenantAsync("cu-expiry");
        var until = Now.AddDays(2);
        await JsonAsync(await t.Reviewer.PostAsJsonAsync("/v1/customers/c1/restriction", new { reason = "insults", until }));
        var start = Now.AddDays(5);
        await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "early", "c1", "agent", start, start.AddHours(1)), HttpStatusCode.Forbidden);

        api.Clock.AdvanceTo(until);
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/c1", v => v.GetProperty("restriction").ValueKind == JsonValueKind.Null);
        await JsonAsync(await BookAsync(t.Platform, "after", "c1", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/conv", new { policy = "talent-chat", owner = "agent", customer = "c1" }));
    }

    [Fact]
    public async Task A_permanent_restriction_says_so_and_a_reviewer_can_lift_it()
    {
        var t = await api.NewTenantAsync("cu-permanent");
        var view = await JsonAsync(await t.Admin.PostAsJsonAsync("/v1/customers/c1/restriction", new { reason = "threats" }));
        Assert.True(view.GetProperty("restriction").GetProperty("permanent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("restriction").GetProperty("until").ValueKind);

        var start = Now.AddDays(3);
        var refused = await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "b1", "c1", "agent", start, start.AddHours(1)), HttpStatusCode.Forbidden);
        Assert.Equal("permanent", refused.GetProperty("until").GetString());

        var lifted = await JsonAsync(await t.Reviewer.DeleteAsync("/v1/customers/c1/restriction"));
        Assert.Equal(JsonValueKind.Null, lifted.GetProperty("restriction").ValueKind);
        Assert.Equal("standard", lifted.GetProperty("supportLevel").GetString());
        await JsonAsync(await BookAsync(t.Platform, "b1", "c1", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/conv", new { policy = "talent-chat", owner = "agent", customer = "c1" }));

        // Lifting again changes nothing.
        Assert.Equal(lifted.GetRawText(), (await JsonAsync(await t.Reviewer.DeleteAsync("/v1/customers/c1/restriction"))).GetRawText());
    }

    [Fact]
    public async Task Only_reviewers_and_admins_restrict_and_every_role_reads()
    {
        var t = await api.NewTenantAsync("cu-roles");
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/customers/c1/restriction", new { reason = "rude" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/c1"), HttpStatusCode.NotFound);
        using var anonymous = api.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/v1/customers/c1/restriction", new { reason = "rude" }), HttpStatusCode.Unauthorized);

        await JsonAsync(await t.Reviewer.PostAsJsonAsync("/v1/customers/c1/restriction", new { reason = "rude" }));
        await ProblemAssert.IsProblemAsync(await t.Platform.DeleteAsync("/v1/customers/c1/restriction"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/v1/customers/c1"), HttpStatusCode.Unauthorized);
        foreach (var reader in new[] { t.Platform, t.Reviewer, t.Admin })
            Assert.Equal("rude", (await JsonAsync(await reader.GetAsync("/v1/customers/c1"))).GetProperty("restriction").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Another_tenants_customer_answers_404_and_is_not_restricted_there()
    {
        var a = await api.NewTenantAsync("cu-iso-a");
        var b = await api.NewTenantAsync("cu-iso-b");
        await JsonAsync(await a.Reviewer.PostAsJsonAsync("/v1/customers/shared-id/restriction", new { reason = "abuse" }));

        await ProblemAssert.IsProblemAsync(await b.Platform.GetAsync("/v1/customers/shared-id"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.Reviewer.DeleteAsync("/v1/customers/shared-id/restriction"), HttpStatusCode.NotFound);
        var start = Now.AddDays(3);
        await JsonAsync(await BookAsync(b.Platform, "b1", "shared-id", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        await JsonAsync(await b.Platform.PutAsJsonAsync("/v1/conversations/conv", new { policy = "talent-chat", owner = "agent", customer = "shared-id" }));

        Assert.Equal("abuse", (await JsonAsync(await a.Platform.GetAsync("/v1/customers/shared-id"))).GetProperty("restriction").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("{\"until\":\"{FUTURE}\"}", "reason")]
    [InlineData("{\"reason\":\"  \"}", "reason")]
    [InlineData("{\"reason\":\"rude\",\"until\":\"{PAST}\"}", "until")]
    [InlineData("{\"reason\":\"rude\",\"until\":\"{SUBMICRO}\"}", "until")]
    [InlineData("{\"reason\":\"rude\",\"until\":\"soon\"}", "until")]
    [InlineData("{\"reason\":\"rude\",\"until\":\"9000-01-01T00:00:00Z\"}", "until")]
    [InlineData("{\"reason\":\"rude\",\"severity\":3}", "severity")]
    public async Task Malformed_restrictions_are_400_naming_the_field_and_change_nothing(string template, string field)
    {
        var t = await api.NewTenantAsync($"cu-bad-{field}-{Guid.NewGuid():N}");
        var start = Now.AddDays(3);
        await JsonAsync(await t.Reviewer.PostAsJsonAsync("/v1/customers/known/restriction", new { reason = "first", until = Now.AddDays(1) }));
        var before = await t.Platform.GetStringAsync("/v1/customers/known");
        var body = template
            .Replace("{FUTURE}", Iso(Now.AddDays(10)))
            .Replace("{PAST}", Iso(Now.AddMinutes(-1)))
            .Replace("{SUBMICRO}", Iso(Now.AddDays(10).AddTicks(1)));

        foreach (var id in new[] { "known", "fresh" })
        {
            var response = await t.Reviewer.PostAsync($"/v1/customers/{id}/restriction", new StringContent(body, Encoding.UTF8, "application/json"));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        }
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/customers/known"));
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/fresh"), HttpStatusCode.NotFound);
        await JsonAsync(await BookAsync(t.Platform, "b1", "fresh", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_or_malformed_customer_ids_are_404_or_400()
    {
        var t = await api.NewTenantAsync("cu-unknown");
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/never-seen"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await t.Reviewer.DeleteAsync("/v1/customers/never-seen/restriction"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/bad%20id"), HttpStatusCode.BadRequest, "id");
        await ProblemAssert.IsProblemAsync(await t.Reviewer.PostAsJsonAsync("/v1/customers/bad%20id/restriction", new { reason = "x" }), HttpStatusCode.BadRequest, "id");
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
