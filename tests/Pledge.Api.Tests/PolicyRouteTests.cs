using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pledge.Api.Tests;

/// <summary>Policy documents are read strictly and their errors name the field once, as the request writes it.</summary>
public sealed class PolicyRouteTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public PolicyRouteTests(PledgeApiFactory api) => this.api = api;

    [Fact]
    public async Task An_unknown_field_inside_a_case_term_is_refused_naming_it()
    {
        var t = await api.NewTenantAsync("policy-unknown");
        var policy = await PresetAsync(t, "cases-standard");
        policy["dispute"]!["sellerResponse"] = JsonNode.Parse("""{"days":1,"businessDays":false,"duration":"PT5S"}""");

        var response = await t.Admin.PutAsJsonAsync("/v1/policies/cases-standard", new { policy });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "policy.dispute.sellerResponse.duration");
        Assert.Contains("unknown field", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_broken_inside_a_case_policy_names_the_field_once()
    {
        var t = await api.NewTenantAsync("policy-term");
        var policy = await PresetAsync(t, "cases-standard");
        policy["dispute"]!["sellerResponse"]!["days"] = 0;

        var response = await t.Admin.PutAsJsonAsync("/v1/policies/cases-standard", new { policy });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "policy.dispute.sellerResponse.days");
    }

    [Fact]
    public async Task A_conversation_rule_broken_names_the_field_under_policy()
    {
        var t = await api.NewTenantAsync("policy-tiers");
        var policy = await PresetAsync(t, "talent-chat");
        policy["tiers"] = new JsonArray();

        var response = await t.Admin.PutAsJsonAsync("/v1/policies/talent-chat", new { policy });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "policy.tiers");
    }

    [Fact]
    public async Task A_valid_document_is_published_as_the_next_version()
    {
        var t = await api.NewTenantAsync("policy-ok");
        var policy = await PresetAsync(t, "cases-standard");
        policy["dispute"]!["sellerResponse"]!["days"] = 5;

        var response = await t.Admin.PutAsJsonAsync("/v1/policies/cases-standard", new { policy });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("overridden").GetBoolean());
        Assert.Equal(5, view.GetProperty("policy").GetProperty("dispute").GetProperty("sellerResponse").GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task Every_preset_as_the_service_writes_it_is_accepted_back()
    {
        // Strict reading must not refuse what the service itself writes (computed members included).
        var t = await api.NewTenantAsync("policy-roundtrip");
        var presets = await t.Admin.GetFromJsonAsync<JsonArray>("/v1/policies");
        Assert.True(presets!.Count >= 4);
        foreach (var preset in presets)
        {
            var name = preset!["name"]!.GetValue<string>();
            var response = await t.Admin.PutAsJsonAsync($"/v1/policies/{name}", new { policy = preset["policy"]!.DeepClone() });
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonNode> PresetAsync(TenantClients t, string name)
    {
        var view = await t.Admin.GetFromJsonAsync<JsonObject>($"/v1/policies/{name}");
        return view!["policy"]!.DeepClone();
    }
}
