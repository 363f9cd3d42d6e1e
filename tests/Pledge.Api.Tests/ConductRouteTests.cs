using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pledge.Api.Tests;

public sealed class ConductRouteTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public ConductRouteTests(PledgeApiFactory api) => this.api = api;

    [Fact]
    public async Task Screen_returns_findings_with_spans_over_the_original_text()
    {
        var t = await api.NewTenantAsync("screen-route");
        const string text = "Hubungi saya di WA 0812-3456-7890 ya";
        var result = await (await t.Platform.PostAsJsonAsync("/v1/screen", new { text })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("off_platform", result.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var finding = result.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("category").GetString() == "off_platform");
        var span = text.Substring(finding.GetProperty("start").GetInt32(), finding.GetProperty("length").GetInt32());
        Assert.Contains(span, text, StringComparison.Ordinal);
        Assert.NotEmpty(finding.GetProperty("rule").GetString()!);
    }

    [Fact]
    public async Task An_agent_message_taking_the_customer_off_platform_becomes_a_violation_of_its_author()
    {
        var t = await api.NewTenantAsync("conduct-flow");
        (await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "marketplace-seller-chat", owner = "seller-9", customer = "buyer-1" })).EnsureSuccessStatusCode();
        (await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = "m1", from = "customer", author = "buyer-1", text = "Is it in stock?" })).EnsureSuccessStatusCode();
        (await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = "m2", from = "agent", author = "seller-9", text = "Yes! Chat me on WhatsApp +62 812 3456 7890 for a better price" })).EnsureSuccessStatusCode();

        var owner = await Eventually.ReachesAsync(t.Platform, "/v1/owners/seller-9",
            v => v.TryGetProperty("conduct", out var c) && c.ValueKind == JsonValueKind.Object && c.GetProperty("violations").GetArrayLength() > 0);
        var violation = owner.GetProperty("conduct").GetProperty("violations")[0];
        Assert.Equal("off_platform", violation.GetProperty("category").GetString());
        Assert.Equal("c1", violation.GetProperty("conversationId").GetString());
        Assert.True(owner.GetProperty("conduct").GetProperty("points").GetInt32() > 0);

        var id = violation.GetProperty("id").GetString()!;
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync($"/v1/owners/seller-9/violations/{id}", new { decision = "overturn", reason = "context" }), HttpStatusCode.Forbidden);
        var after = await (await t.Reviewer.PostAsJsonAsync($"/v1/owners/seller-9/violations/{id}", new { decision = "overturn", reason = "context" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, after.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task A_tenants_screening_policy_applies_to_its_messages_and_to_on_demand_screening()
    {
        var t = await api.NewTenantAsync("screen-policy");
        var other = await api.NewTenantAsync("screen-policy-other");
        const string shopLink = "Here it is: https://shop.example.com/item/42";
        const string slang = "you absolute kentang";
        Assert.Contains("off_platform", await CategoriesAsync(t, shopLink));

        var bad = await ProblemAssert.IsProblemAsync(await t.Admin.PutAsJsonAsync("/v1/policies/screening",
            new { family = "screening", policy = new { allowedDomains = new[] { "not a domain" } } }), HttpStatusCode.BadRequest);
        Assert.Equal("policy.allowedDomains[0]", bad.GetProperty("field").GetString());
        var put = await t.Admin.PutAsJsonAsync("/v1/policies/screening", new
        {
            family = "screening",
            policy = new { allowedDomains = new[] { "shop.example.com" }, terms = new[] { new { cue = "insult", term = "kentang" } } },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.DoesNotContain("off_platform", await CategoriesAsync(t, shopLink));
        Assert.Contains("insult", await CategoriesAsync(t, slang));
        Assert.Contains("off_platform", await CategoriesAsync(other, shopLink));
        Assert.DoesNotContain("insult", await CategoriesAsync(other, slang));

        // In the service: the allowed link is no violation, the tenant's own term is one.
        (await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "marketplace-seller-chat", owner = "seller-1", customer = "buyer-1" })).EnsureSuccessStatusCode();
        (await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = "m1", from = "agent", author = "seller-1", text = shopLink })).EnsureSuccessStatusCode();
        (await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = "m2", from = "agent", author = "seller-1", text = slang })).EnsureSuccessStatusCode();
        var owner = await Eventually.ReachesAsync(t.Platform, "/v1/owners/seller-1",
            v => v.TryGetProperty("conduct", out var c) && c.ValueKind == JsonValueKind.Object && c.GetProperty("violations").GetArrayLength() > 0);
        var violation = Assert.Single(owner.GetProperty("conduct").GetProperty("violations").EnumerateArray());
        Assert.Equal("insult", violation.GetProperty("category").GetString());
    }

    private static async Task<IReadOnlyList<string?>> CategoriesAsync(TenantClients t, string text) =>
        [.. (await (await t.Platform.PostAsJsonAsync("/v1/screen", new { text })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("categories").EnumerateArray().Select(c => c.GetString())];

    [Fact]
    public async Task Owners_of_another_tenant_answer_404()
    {
        var a = await api.NewTenantAsync("conduct-iso-a");
        var b = await api.NewTenantAsync("conduct-iso-b");
        (await a.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "talent-1", customer = "x" })).EnsureSuccessStatusCode();
        (await a.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = "m", from = "agent", author = "talent-1", text = "email me at me@example.com" })).EnsureSuccessStatusCode();
        await Eventually.ReachesAsync(a.Platform, "/v1/owners/talent-1", v => v.TryGetProperty("conduct", out var c) && c.ValueKind == JsonValueKind.Object);
        await ProblemAssert.IsProblemAsync(await b.Platform.GetAsync("/v1/owners/talent-1"), HttpStatusCode.NotFound);
    }
}
