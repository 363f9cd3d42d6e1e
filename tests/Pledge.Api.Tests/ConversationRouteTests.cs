using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pledge.Api.Tests;

public sealed class ConversationRouteTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public ConversationRouteTests(PledgeApiFactory api) => this.api = api;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_breach_appears_when_the_deadline_passes_on_the_clock()
    {
        var t = await api.NewTenantAsync("conv-breach");
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "talent-7", customer = "cust-1" }));
        var opened = api.Clock.GetUtcNow();
        var view = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages",
            new { messageId = "m1", from = "customer", author = "cust-1", text = "hello?" }));
        Assert.Equal(opened, view.GetProperty("openWait").GetProperty("opened").GetDateTimeOffset());

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var atTwoMinutes = await JsonAsync(await t.Platform.GetAsync("/v1/conversations/c1"));
        Assert.Equal(0, atTwoMinutes.GetProperty("breaches").GetProperty("PT2M").GetInt32());

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await Eventually.ReachesAsync(t.Platform, "/v1/conversations/c1", v => v.GetProperty("breaches").GetProperty("PT2M").GetInt32() == 1);
        Assert.Equal(0, after.GetProperty("breaches").GetProperty("PT5M").GetInt32());
    }

    [Fact]
    public async Task A_repeated_message_id_counts_once()
    {
        var t = await api.NewTenantAsync("conv-idem");
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "o", customer = "c" }));
        var message = new { messageId = "m1", from = "customer", author = "c", text = "hi" };
        var first = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", message));
        api.Clock.Advance(TimeSpan.FromSeconds(10));
        var again = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", message));
        Assert.Equal(first.GetProperty("waits").GetRawText(), again.GetProperty("waits").GetRawText());
        Assert.Single(again.GetProperty("waits").EnumerateArray());
    }

    [Fact]
    public async Task Another_tenants_conversation_answers_404()
    {
        var a = await api.NewTenantAsync("conv-iso-a");
        var b = await api.NewTenantAsync("conv-iso-b");
        await JsonAsync(await a.Platform.PutAsJsonAsync("/v1/conversations/secret", new { policy = "talent-chat", owner = "o", customer = "c" }));
        await ProblemAssert.IsProblemAsync(await b.Platform.GetAsync("/v1/conversations/secret"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.Platform.PostAsJsonAsync("/v1/conversations/secret/messages",
            new { messageId = "x", from = "customer", author = "c" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"messageId\":\"m\",\"from\":\"robot\",\"author\":\"a\"}", "from")]
    [InlineData("{\"from\":\"customer\",\"author\":\"a\"}", "messageId")]
    [InlineData("{\"messageId\":\"m\",\"from\":\"customer\",\"author\":\"a\",\"at\":\"yesterday\"}", "at")]
    [InlineData("{\"messageId\":\"m/../x\",\"from\":\"customer\",\"author\":\"a\"}", "messageId")]
    public async Task Malformed_messages_are_400_naming_the_field_and_change_nothing(string body, string field)
    {
        var t = await api.NewTenantAsync("conv-bad-" + field.ToLowerInvariant() + body.Length);
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "o", customer = "c" }));
        var before = await t.Platform.GetStringAsync("/v1/conversations/c1");
        var response = await t.Platform.PostAsync("/v1/conversations/c1/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/conversations/c1"));
    }

    [Fact]
    public async Task A_message_dated_in_the_future_is_refused()
    {
        var t = await api.NewTenantAsync("conv-future");
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "o", customer = "c" }));
        var at = api.Clock.GetUtcNow().AddSeconds(6);
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages",
            new { messageId = "m", from = "customer", author = "c", at }), HttpStatusCode.BadRequest, "at");
    }

    [Fact]
    public async Task An_unknown_policy_is_refused_naming_the_field()
    {
        var t = await api.NewTenantAsync("conv-policy");
        await ProblemAssert.IsProblemAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "no-such-policy" }), HttpStatusCode.BadRequest, "policy");
    }

    [Fact]
    public async Task A_tenant_override_is_a_new_version_and_old_conversations_keep_theirs()
    {
        var t = await api.NewTenantAsync("conv-override");
        await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/before", new { policy = "talent-chat", owner = "o", customer = "c" }));
        var preset = await JsonAsync(await t.Admin.GetAsync("/v1/policies/talent-chat"));
        var changed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(preset.GetProperty("policy").GetRawText())!;
        changed["tiers"] = JsonDocument.Parse("[\"PT1M\",\"PT5M\"]").RootElement;
        changed["claimThresholds"] = JsonDocument.Parse("{\"PT1M\":5,\"PT5M\":3}").RootElement;
        var put = await JsonAsync(await t.Admin.PutAsJsonAsync("/v1/policies/talent-chat", new { policy = changed }));
        Assert.Equal(preset.GetProperty("version").GetInt32() + 1, put.GetProperty("version").GetInt32());

        var after = await JsonAsync(await t.Platform.PutAsJsonAsync("/v1/conversations/after", new { policy = "talent-chat", owner = "o", customer = "c" }));
        Assert.Equal(put.GetProperty("version").GetInt32(), after.GetProperty("policyVersion").GetInt32());
        var before = await JsonAsync(await t.Platform.GetAsync("/v1/conversations/before"));
        Assert.Equal(preset.GetProperty("version").GetInt32(), before.GetProperty("policyVersion").GetInt32());

        var other = await api.NewTenantAsync("conv-override-other");
        var untouched = await JsonAsync(await other.Admin.GetAsync("/v1/policies/talent-chat"));
        Assert.Equal(preset.GetProperty("version").GetInt32(), untouched.GetProperty("version").GetInt32());
    }
}
