using System.Net;
using System.Text.Json.Nodes;

namespace Pledge.Api.Tests.Contract;

/// <summary>The document describes the REST contract typed and whole, and the contract check can fail.</summary>
public sealed class ContractTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public ContractTests(PledgeApiFactory api) => this.api = api;

    private async Task<OpenApiContract> ContractAsync()
    {
        using var client = api.CreateClient();
        var json = await client.GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("PLEDGE_DUMP_OPENAPI") is { Length: > 0 } dump)
            await File.WriteAllTextAsync(dump, json);
        return new OpenApiContract(json);
    }

    [Fact]
    public async Task Every_operation_documents_its_success_with_a_schema_and_its_refusals_as_problems()
    {
        var contract = await ContractAsync();
        var operations = contract.Document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => (Name: $"{m.Key.ToUpperInvariant()} {p.Key}", Operation: m.Value!.AsObject())))
            .ToArray();
        Assert.Equal(32, operations.Length);
        foreach (var (name, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            Assert.True(operation["operationId"] is not null, $"{name} has no operationId");
            var success = responses.Where(r => r.Key.StartsWith('2')).ToArray();
            Assert.True(success.Length > 0, $"{name} documents no success");
            foreach (var (status, response) in success.Where(s => s.Key != "204"))
                Assert.True(response!["content"]?["application/json"]?["schema"] is not null, $"{name} → {status} has no body schema");
            foreach (var status in new[] { "401", "403", "429", "503" })
                Assert.True(responses.ContainsKey(status), $"{name} does not document {status}");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.Equal("#/components/schemas/ProblemDetails", response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>());
            if (operation["requestBody"] is not null)
                foreach (var status in new[] { "400", "413", "415" })
                    Assert.True(responses.ContainsKey(status), $"{name} reads a body but does not document {status}");
        }
    }

    [Fact]
    public async Task A_booking_is_created_with_201_and_its_view()
    {
        var contract = await ContractAsync();
        var created = contract.Find(HttpMethod.Post, "/v1/bookings")!.Value.Operation["responses"]!["201"]!;
        Assert.Equal("#/components/schemas/BookingView", created["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Null(contract.Find(HttpMethod.Post, "/v1/bookings")!.Value.Operation["responses"]!["200"]);
    }

    [Fact]
    public async Task The_schemas_are_named_after_the_domain_and_problems_carry_code_and_field()
    {
        var schemas = (await ContractAsync()).Document["components"]!["schemas"]!.AsObject();
        foreach (var name in new[] { "ConversationView", "BookingView", "CaseView", "CustomerView", "OwnerView", "ProblemDetails" })
            Assert.True(schemas.ContainsKey(name), $"no schema {name}; have {string.Join(", ", schemas.Select(s => s.Key))}");
        var problem = schemas["ProblemDetails"]!["properties"]!.AsObject();
        Assert.True(problem.ContainsKey("code") && problem.ContainsKey("field"));
    }

    [Theory]
    [InlineData("CaseFilingRequest", "type", 5)]
    [InlineData("CaseActionRequest", "action", 11)]
    public async Task Case_bodies_are_documented_per_variant_by_discriminator(string name, string property, int variants)
    {
        var schemas = (await ContractAsync()).Document["components"]!["schemas"]!;
        var schema = schemas[name]!;
        Assert.Equal(property, schema["discriminator"]!["propertyName"]!.GetValue<string>());
        Assert.True(schema["properties"]!.AsObject().ContainsKey("as"), $"{name} does not name 'as'");
        var mapping = schema["discriminator"]!["mapping"]!.AsObject();
        Assert.Equal(variants, mapping.Count);
        Assert.Equal(mapping.Select(m => m.Key), schema["properties"]![property]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        foreach (var (value, reference) in mapping)
        {
            var variant = schemas[reference!.GetValue<string>().Split('/')[^1]]!;
            Assert.Equal($"#/components/schemas/{name}", variant["allOf"]![0]!["$ref"]!.GetValue<string>());
            Assert.False(variant["unevaluatedProperties"]!.GetValue<bool>(), $"{value} admits unknown members");
        }
    }

    [Fact]
    public async Task Policy_documents_are_one_of_the_families_and_say_what_the_code_accepts()
    {
        var document = (await ContractAsync()).Document;
        var schemas = document["components"]!["schemas"]!;
        foreach (var (name, suffix) in new[] { ("PolicyView", "View"), ("PutPolicyRequest", "Put") })
        {
            var discriminator = schemas[name]!["discriminator"]!;
            Assert.Equal("family", discriminator["propertyName"]!.GetValue<string>());
            var mapping = discriminator["mapping"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>().Split('/')[^1]);
            Assert.Equal(new Dictionary<string, string>
            {
                ["conversation"] = "ConversationPolicy" + suffix, ["booking"] = "BookingPolicy" + suffix,
                ["case"] = "CasePolicy" + suffix, ["screening"] = "ScreeningPolicy" + suffix,
            }, mapping);
            foreach (var (family, variant) in mapping)
                Assert.Equal("#/components/schemas/" + variant.Replace(suffix, "", StringComparison.Ordinal),
                    schemas[variant]!["allOf"]![1]!["properties"]!["policy"]!["$ref"]!.GetValue<string>());
        }
        Assert.Equal("duration", schemas["ConversationPolicy"]!["properties"]!["tiers"]!["items"]!["format"]!.GetValue<string>());
        var days = schemas["CaseTerm"]!["properties"]!["days"]!;
        Assert.Equal("1", days["minimum"]!.ToJsonString());
        Assert.Equal("366", days["maximum"]!.ToJsonString());
        Assert.Contains(schemas["DisputeProblem"]!["enum"]!.AsArray(), v => v!.GetValue<string>() == "not_as_described");
    }

    [Fact]
    public async Task Every_example_holds_against_its_own_schema()
    {
        var contract = await ContractAsync();
        var examples = contract.Document["components"]!["schemas"]!.AsObject()
            .SelectMany(s => (s.Value!["examples"] as JsonArray ?? []).Select(e => (Schema: s.Key, Example: e!)))
            .ToArray();
        Assert.True(examples.Length >= 20, $"only {examples.Length} examples");
        foreach (var (schema, example) in examples)
            Assert.Null(contract.CheckComponent(schema, example));
        // The check can fail: an example with a field its schema does not know.
        var (name, some) = examples.First(e => e.Schema == "MessageRequest");
        var broken = some.DeepClone().AsObject();
        broken["duration"] = "PT5S";
        Assert.NotNull(contract.CheckComponent(name, broken));
    }

    [Fact]
    public async Task The_check_refuses_a_response_the_document_does_not_describe()
    {
        var contract = await ContractAsync();
        const string problem = """{"type":"https://pledge.dev/problems/not_found","title":"Not found","status":404,"detail":"No such booking.","code":"not_found"}""";
        Assert.Null(contract.Check(HttpMethod.Get, "/v1/bookings/b1", 404, "application/problem+json", problem));
        Assert.NotNull(contract.Check(HttpMethod.Get, "/v1/bookings/b1", 418, "application/problem+json", problem));
        Assert.NotNull(contract.Check(HttpMethod.Get, "/v1/bookings/b1", 404, "text/plain", "No such booking."));
        Assert.NotNull(contract.Check(HttpMethod.Get, "/v1/bookings/b1", 404, "application/problem+json", problem.Replace(",\"code\":\"not_found\"", "", StringComparison.Ordinal)));
        Assert.NotNull(contract.Check(HttpMethod.Get, "/v1/bookings/b1", 200, "application/json", """{"id":"b1"}"""));
        Assert.NotNull(contract.Check(HttpMethod.Post, "/v1/bookings", 200, "application/json", "{}"));
        Assert.Null(contract.Check(HttpMethod.Get, "/health/live", 200, "text/plain", "Healthy"));
        // A discriminated body is checked as its variant: a case policy's document must be a case policy.
        Assert.NotNull(contract.Check(HttpMethod.Get, "/v1/policies/p", 200, "application/json",
            """{"name":"p","family":"case","version":1,"overridden":false,"versions":[1],"policy":{"tiers":["PT2M"]}}"""));
    }

    [Fact]
    public async Task A_test_client_throws_on_a_response_outside_the_contract()
    {
        var t = await api.NewTenantAsync("contract-check");
        var seen = ContractCheck.Violations.Count;
        // A valid request whose answer the document describes passes through.
        var response = await t.Platform.GetAsync("/v1/bookings/none-such");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(seen, ContractCheck.Violations.Count);
    }
}
