using System.Net;
using System.Net.Http.Json;

namespace Pledge.Api.Tests;

public sealed class TenantAndAuthTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public TenantAndAuthTests(PledgeApiFactory api) => this.api = api;

    [Fact]
    public async Task Routes_refuse_a_missing_or_unknown_key_with_401_problem()
    {
        using var anonymous = api.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/v1/policies"), HttpStatusCode.Unauthorized);
        using var stranger = api.WithKey("pk.nobody.0011223344556677.secret");
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync("/v1/policies"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_the_operator_creates_tenants_and_a_duplicate_is_a_conflict()
    {
        var tenant = await api.NewTenantAsync("acme-auth");
        await ProblemAssert.IsProblemAsync(await tenant.Admin.PostAsJsonAsync("/v1/tenants", new { id = "other" }), HttpStatusCode.Forbidden);
        using var op = api.Operator();
        await ProblemAssert.IsProblemAsync(await op.PostAsJsonAsync("/v1/tenants", new { id = "acme-auth" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_key_is_shown_once_and_stored_only_as_a_hash()
    {
        using var op = api.Operator();
        (await op.PostAsJsonAsync("/v1/tenants", new { id = "hash-check" })).EnsureSuccessStatusCode();
        var issued = await (await op.PostAsJsonAsync("/v1/tenants/hash-check/keys", new { role = "platform" }))
            .Content.ReadFromJsonAsync<PledgeApiFactory.IssuedKey>();
        var secret = issued!.Key.Split('.')[3];

        var host = (Pledge.Hosting.IEntityHost)api.Services.GetService(typeof(Pledge.Hosting.IEntityHost))!;
        var history = await host.GetHistoryAsync("tenant", new Pledge.Hosting.EntityId("_system", "hash-check"));
        Assert.NotEmpty(history);
        Assert.All(history, e => Assert.DoesNotContain(secret, e.Json, StringComparison.Ordinal));

        using var client = api.WithKey(issued.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/policies")).StatusCode);
    }

    [Fact]
    public async Task Roles_are_enforced()
    {
        var tenant = await api.NewTenantAsync("roles");
        var put = new { policy = new { } };
        await ProblemAssert.IsProblemAsync(await tenant.Platform.PutAsJsonAsync("/v1/policies/talent-chat", put), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await tenant.Reviewer.PutAsJsonAsync("/v1/policies/talent-chat", put), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await tenant.Platform.PostAsJsonAsync("/v1/tenants", new { id = "x" }), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("{\"id\":")]
    [InlineData("{\"id\":42}")]
    [InlineData("{\"id\":\"ok\",\"extra\":1}")]
    [InlineData("{}")]
    [InlineData("{\"id\":\"a/b\"}")]
    [InlineData("{\"id\":\"_reserved\"}")]
    public async Task Malformed_tenant_requests_are_400_problems_naming_the_field(string body)
    {
        using var op = api.Operator();
        var response = await op.PostAsync("/v1/tenants", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("field", out _), "problem names the field at fault");
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_oversized_body_is_413()
    {
        using var op = api.Operator();
        await ProblemAssert.IsProblemAsync(await op.PostAsync("/v1/tenants", new StringContent("id=x", System.Text.Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        var huge = "{\"id\":\"" + new string('a', 200_000) + "\"}";
        await ProblemAssert.IsProblemAsync(await op.PostAsync("/v1/tenants", new StringContent(huge, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Health_and_openapi_are_served()
    {
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/policies", openApi, StringComparison.Ordinal);
    }
}
