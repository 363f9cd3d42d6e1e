using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Pledge.Api.Tests.Fuzz;
using Xunit.Abstractions;

namespace Pledge.Api.Tests;

/// <summary>The durable API with Pledge's own categories logging at every level, so the log checks see all of it.</summary>
public sealed class SecurityApiFactory : PostgresApiFactory
{
    public SecurityApiFactory() => Settings["Logging:LogLevel:Pledge"] = "Trace";
}

/// <summary>
/// Tenant isolation on every route, role checks on every route, keys hashed at rest and no secret or message text
/// in the logs — on the durable host, reading the database itself.
/// </summary>
public sealed partial class SecurityTests(SecurityApiFactory api, ITestOutputHelper output) : IClassFixture<SecurityApiFactory>
{
    private const string Marker = "bzz";
    private const string Absent = "nobody-here-42";

    /// <summary>How tenant A's key aims at tenant B's entity on one route, and what must come of it.</summary>
    private sealed record Probe(string Route, string Path, object? Body, Expect Expect);

    private enum Expect
    {
        /// <summary>404, exactly as for an id that exists nowhere.</summary>
        NotFound,

        /// <summary>Same status and body as for an id that exists nowhere (the route answers for ids not yet seen).</summary>
        SameAsAbsent,

        /// <summary>The list holds nothing of B's.</summary>
        NothingOfTheOther,

        /// <summary>Ids are per tenant: A acts on an entity of its own of that name; B's stays as it was.</summary>
        OwnNamespace,

        /// <summary>No tenant data is involved (screening text).</summary>
        Stateless,
    }

    [Fact]
    public async Task Another_tenants_ids_answer_404_on_every_route_and_lists_never_mix_tenants()
    {
        var (a, b, webhookOfB) = await SeedTwoTenantsAsync("iso");
        var start = api.Clock.GetUtcNow().AddDays(3);
        Probe[] probes =
        [
            new("GET /v1/conversations/{id}", "/v1/conversations/bzz-conv", null, Expect.NotFound),
            new("GET /v1/owners/{id}", "/v1/owners/bzz-owner", null, Expect.NotFound),
            new("GET /v1/customers/{id}", "/v1/customers/bzz-cust", null, Expect.NotFound),
            new("GET /v1/bookings/{id}", "/v1/bookings/bzz-booking", null, Expect.NotFound),
            new("GET /v1/cases/{id}", "/v1/cases/bzz-case", null, Expect.NotFound),
            new("GET /v1/policies/{name}", "/v1/policies/bzz-policy", null, Expect.NotFound),
            new("GET /v1/companies/{id}/resolution-index", "/v1/companies/bzz-company/resolution-index", null, Expect.SameAsAbsent),
            new("GET /v1/policies/", "/v1/policies", null, Expect.NothingOfTheOther),
            new("GET /v1/cases/", "/v1/cases", null, Expect.NothingOfTheOther),
            new("GET /v1/webhooks/", "/v1/webhooks", null, Expect.NothingOfTheOther),
            new("GET /v1/webhooks/dead-letters", "/v1/webhooks/dead-letters", null, Expect.NothingOfTheOther),
            new("GET /v1/retention/", "/v1/retention", null, Expect.NothingOfTheOther),
            new("POST /v1/screen", "/v1/screen", new { text = "hello" }, Expect.Stateless),
            new("POST /v1/conversations/{id}/messages", "/v1/conversations/bzz-conv/messages",
                new { messageId = "a-m1", from = "agent", author = "bzz-owner", text = "answer" }, Expect.NotFound),
            new("POST /v1/conversations/{id}/excuses", "/v1/conversations/bzz-conv/excuses", new { reason = "holiday" }, Expect.NotFound),
            new("POST /v1/bookings/{id}/reschedule", "/v1/bookings/bzz-booking/reschedule", new { start = start.AddHours(1), end = start.AddHours(2) }, Expect.NotFound),
            new("POST /v1/bookings/{id}/cancel", "/v1/bookings/bzz-booking/cancel", new { reason = "ill" }, Expect.NotFound),
            new("POST /v1/bookings/{id}/attendance", "/v1/bookings/bzz-booking/attendance", new { kind = "joined" }, Expect.NotFound),
            new("POST /v1/cases/{id}/actions", "/v1/cases/bzz-case/actions", new { action = "answer", text = "we fixed it" }, Expect.NotFound),
            new("POST /v1/owners/{id}/violations/{violationId}", "/v1/owners/bzz-owner/violations/v1", new { decision = "dismiss" }, Expect.NotFound),
            new("POST /v1/customers/{id}/violations/{violationId}", "/v1/customers/bzz-cust/violations/v1", new { decision = "dismiss" }, Expect.NotFound),
            new("DELETE /v1/customers/{id}/restriction", "/v1/customers/bzz-cust/restriction", null, Expect.NotFound),
            new("DELETE /v1/webhooks/{id}", $"/v1/webhooks/{webhookOfB}", null, Expect.NotFound),
            new("PUT /v1/conversations/{id}", "/v1/conversations/bzz-conv", new { policy = "talent-chat", owner = "a-owner", customer = "a-cust" }, Expect.OwnNamespace),
            new("PUT /v1/policies/{name}", "/v1/policies/bzz-policy", new { family = "conversation", policy = await PresetAsync(a) }, Expect.OwnNamespace),
            new("POST /v1/customers/{id}/restriction", "/v1/customers/bzz-cust/restriction", new { reason = "abuse" }, Expect.OwnNamespace),
            new("POST /v1/bookings/", "/v1/bookings", new { id = "bzz-booking", customer = "a-cust", resource = "bzz-room", start, end = start.AddHours(1) }, Expect.OwnNamespace),
            new("POST /v1/cases/", "/v1/cases", new { type = "complaint", id = "bzz-case", companyId = "bzz-company", customerId = "a-cust", channel = "email", subject = "s", description = "d" }, Expect.OwnNamespace),
            new("POST /v1/webhooks/", "/v1/webhooks", new { url = "http://127.0.0.1:9/a-hook", eventTypes = new[] { "*" } }, Expect.OwnNamespace),
            new("PUT /v1/retention/", "/v1/retention", new { messageText = "P7D" }, Expect.OwnNamespace),
        ];

        // Every tenant route of the running app must have a probe: a new route without one fails here.
        var tenantRoutes = FuzzRoutes.Discover(api.Services).Where(r => !r.Anonymous && r.Policy is not null and not "operator").Select(r => r.ToString());
        Assert.Empty(tenantRoutes.Except(probes.Select(p => p.Route)));

        var before = await ViewsOfAsync(b, webhookOfB);
        var compared = 0;
        foreach (var probe in probes.OrderBy(p => p.Expect == Expect.OwnNamespace))
        {
            var method = probe.Route.Split(' ')[0];
            using var response = await SendAsync(a.Admin, method, probe.Path, probe.Body);
            var body = await response.Content.ReadAsStringAsync();
            var context = $"{probe.Route} with B's id: {(int)response.StatusCode} {body}";
            switch (probe.Expect)
            {
                case Expect.NotFound:
                    await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
                    break;
                case Expect.SameAsAbsent:
                    using (var absent = await SendAsync(a.Admin, method, probe.Path.Replace("bzz-company", Absent, StringComparison.Ordinal), probe.Body))
                    {
                        Assert.Equal(absent.StatusCode, response.StatusCode);
                        Assert.Equal(Normalize(await absent.Content.ReadAsStringAsync()).Replace(Absent, "bzz-company", StringComparison.Ordinal), Normalize(body));
                    }
                    break;
                case Expect.NothingOfTheOther:
                    Assert.True(response.IsSuccessStatusCode, context);
                    Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
                    Assert.DoesNotContain(webhookOfB, body, StringComparison.Ordinal);
                    break;
                case Expect.OwnNamespace:
                    Assert.True(response.IsSuccessStatusCode, context);
                    break;
                case Expect.Stateless:
                    Assert.True(response.IsSuccessStatusCode, context);
                    break;
            }
            compared++;
        }
        // B sees its entities exactly as before, whatever A did with the same ids.
        Assert.Equal(before, await ViewsOfAsync(b, webhookOfB));
        output.WriteLine($"isolation: {compared} routes probed with another tenant's ids; {before.Count} views of the other tenant unchanged");
    }

    [Fact]
    public async Task Every_route_refuses_the_roles_it_does_not_serve_with_403()
    {
        var (a, _, _) = await SeedTwoTenantsAsync("roles");
        var keys = new Dictionary<string, HttpClient> { ["platform"] = a.Platform, ["reviewer"] = a.Reviewer, ["admin"] = a.Admin, ["operator"] = api.WithKey(PostgresApiFactory.BootstrapKey) };
        var allowed = new Dictionary<string, string[]>
        {
            ["read"] = ["platform", "reviewer", "admin"],
            ["ingest"] = ["platform", "admin"],
            ["review"] = ["reviewer", "admin"],
            ["admin"] = ["admin"],
            ["operator"] = ["operator"],
        };
        var checkedPairs = 0;
        foreach (var route in FuzzRoutes.Discover(api.Services).Where(r => !r.Anonymous))
        {
            Assert.True(route.Policy is not null && allowed.ContainsKey(route.Policy), $"{route} has no known access policy ({route.Policy ?? "none"})");
            var path = Regex.Replace(route.Pattern, "{[^}]+}", "x1");
            foreach (var role in keys.Keys.Except(allowed[route.Policy!]))
            {
                using var response = await SendAsync(keys[role], route.Method, path, route.BodyType is null ? null : new { });
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs > 20, $"only {checkedPairs} route/role pairs checked");
        output.WriteLine($"roles: {checkedPairs} route/role pairs answered 403");
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        using var op = api.WithKey(PostgresApiFactory.BootstrapKey);
        (await op.PostAsJsonAsync("/v1/tenants", new { id = "hash-at-rest" })).EnsureSuccessStatusCode();
        var issued = await (await op.PostAsJsonAsync("/v1/tenants/hash-at-rest/keys", new { role = "admin" })).Content.ReadFromJsonAsync<PledgeApiFactory.IssuedKey>();
        var secret = issued!.Key.Split('.')[3];
        using var client = api.WithKey(issued.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/policies")).StatusCode);

        var everything = await AllRowsAsync();
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresApiFactory.BootstrapKey, everything, StringComparison.Ordinal);
        // What is stored is the secret's hash, so the check above looked in the right place.
        var hash = Pledge.Service.Tenancy.ApiKey.Hash(secret);
        Assert.True(everything.Contains(hash, StringComparison.Ordinal) || everything.Contains(JsonSerializer.Serialize(hash)[1..^1], StringComparison.Ordinal),
            "the key's hash is stored");
    }

    [Fact]
    public async Task Logs_hold_no_key_secret_and_no_message_text()
    {
        var (a, _, _) = await SeedTwoTenantsAsync("logs");
        const string text = "LOGMARKER-7f3a private words of a customer";
        await OkAsync(a.Platform.PutAsJsonAsync("/v1/conversations/log-1", new { policy = "talent-chat", owner = "o", customer = "c" }));
        await OkAsync(a.Platform.PostAsJsonAsync("/v1/conversations/log-1/messages", new { messageId = "m1", from = "customer", author = "c", text }));
        await OkAsync(a.Platform.PostAsJsonAsync("/v1/conversations/log-1/messages", new { messageId = "m2", from = "agent", author = "o", text = text + " reply" }));
        await OkAsync(a.Platform.PostAsJsonAsync("/v1/screen", new { text }));
        var hook = await OkAsync(a.Admin.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "*" } }));
        var webhookSecret = hook.GetProperty("secret").GetString()!;
        // Refusals carry the text back to no one but the caller: broken JSON, a text too long, an unknown key.
        await a.Platform.PostAsync("/v1/conversations/log-1/messages", new StringContent("{\"text\":\"" + text + "\",", Encoding.UTF8, "application/json"));
        await a.Platform.PostAsJsonAsync("/v1/conversations/log-1/messages", new { messageId = "m3", from = "customer", author = "c", text = text + new string('x', 20_000) });
        await a.Platform.PostAsJsonAsync("/v1/conversations/log-1/messages", new { messageId = "m4", from = "customer", author = "c", text, at = "2026-01-01T00:00:00Z" });
        using var forged = api.WithKey("pk.logs-a.0011223344556677.FORGEDSECRETMARKER");
        await forged.GetAsync("/v1/policies");
        // The failed delivery to the closed port is logged by the dispatcher; wait for that entry.
        for (var i = 0; i < 300 && !api.Logs.Entries.Any(e => e.Contains("Webhook", StringComparison.Ordinal)); i++)
            await Task.Delay(10);

        string[] secrets =
        [
            "LOGMARKER-7f3a", PostgresApiFactory.BootstrapKey, webhookSecret, "FORGEDSECRETMARKER",
            .. new[] { a.Platform, a.Reviewer, a.Admin }.Select(c => c.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[3]),
        ];
        var entries = api.Logs.Entries.ToArray();
        Assert.True(entries.Length > 20, $"only {entries.Length} log entries were captured");
        foreach (var secret in secrets)
            Assert.DoesNotContain(entries, e => e.Contains(secret, StringComparison.Ordinal));
        output.WriteLine($"logs: {entries.Length} entries checked for {secrets.Length} secrets and the message text");
    }

    private async Task<(TenantClients A, TenantClients B, string WebhookOfB)> SeedTwoTenantsAsync(string prefix)
    {
        var a = await api.NewTenantAsync(prefix + "-a");
        var b = await api.NewTenantAsync(prefix + "-b");
        var start = api.Clock.GetUtcNow().AddDays(2);
        await OkAsync(b.Admin.PutAsJsonAsync("/v1/policies/bzz-policy", new { family = "conversation", policy = await PresetAsync(b) }));
        await OkAsync(b.Admin.PutAsJsonAsync("/v1/retention", new { messageText = "P30D" }));
        await OkAsync(b.Platform.PutAsJsonAsync("/v1/conversations/bzz-conv", new { policy = "bzz-policy", owner = "bzz-owner", customer = "bzz-cust" }));
        await OkAsync(b.Platform.PostAsJsonAsync("/v1/conversations/bzz-conv/messages", new { messageId = "bzz-m1", from = "customer", author = "bzz-cust", text = "bzz hello" }));
        await OkAsync(b.Platform.PostAsJsonAsync("/v1/conversations/bzz-conv/messages", new { messageId = "bzz-m2", from = "agent", author = "bzz-owner", text = "bzz reply" }));
        await OkAsync(b.Platform.PostAsJsonAsync("/v1/bookings", new { id = "bzz-booking", customer = "bzz-cust", resource = "bzz-room", start, end = start.AddHours(1) }));
        await OkAsync(b.Platform.PostAsJsonAsync("/v1/cases", new
        {
            type = "complaint", id = "bzz-case", companyId = "bzz-company", customerId = "bzz-cust", channel = "email", subject = "bzz subject", description = "bzz description",
        }));
        await OkAsync(b.Reviewer.PostAsJsonAsync("/v1/customers/bzz-cust/restriction", new { reason = "bzz reason", until = start.AddDays(30) }));
        var hook = await OkAsync(b.Admin.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/bzz-hook", eventTypes = new[] { "*" } }));
        // The owner's figures arrive by reaction; wait until B sees them so that A's probe has something to miss.
        for (var i = 0; i < 500 && (await b.Platform.GetAsync("/v1/owners/bzz-owner")).StatusCode != HttpStatusCode.OK; i++)
            await Task.Delay(10);
        return (a, b, hook.GetProperty("id").GetString()!);
    }

    private static async Task<IReadOnlyList<string>> ViewsOfAsync(TenantClients b, string webhook)
    {
        string[] paths =
        [
            "/v1/conversations/bzz-conv", "/v1/owners/bzz-owner", "/v1/customers/bzz-cust", "/v1/bookings/bzz-booking", "/v1/cases/bzz-case",
            "/v1/policies/bzz-policy", "/v1/policies", "/v1/cases", "/v1/webhooks", "/v1/companies/bzz-company/resolution-index", "/v1/retention",
        ];
        var views = new List<string>();
        foreach (var path in paths)
        {
            using var response = await b.Admin.GetAsync(path);
            views.Add($"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Contains(views, v => v.Contains(webhook, StringComparison.Ordinal));
        return views;
    }

    private static async Task<JsonElement> PresetAsync(TenantClients tenant)
    {
        var preset = JsonDocument.Parse(await tenant.Admin.GetStringAsync("/v1/policies/talent-chat")).RootElement.GetProperty("policy");
        return JsonSerializer.SerializeToElement(preset.EnumerateObject().Where(p => p.Name is not ("name" or "version")).ToDictionary(p => p.Name, p => p.Value));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, object? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = JsonContent.Create(body);
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Normalize(string body) => TraceId().Replace(body, "");

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();

    private async Task<string> AllRowsAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'pledge' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var all = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM pledge.\"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) all.AppendLine(reader.GetString(0));
        }
        // Entity and webhook state lives in Orleans' grain storage table: JSON whose entity state is itself a JSON
        // string. Both layers are unwrapped, so a value is found as written, not as escaped twice.
        await using (var grains = new NpgsqlCommand("SELECT convert_from(payloadbinary, 'UTF8') FROM public.orleansstorage WHERE payloadbinary IS NOT NULL", connection))
        await using (var reader = await grains.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var payload = reader.GetString(0);
                all.AppendLine(payload);
                AppendStrings(JsonDocument.Parse(payload).RootElement, all);
            }
        Assert.Contains("entity_index", tables);
        return all.ToString();
    }

    private static void AppendStrings(JsonElement element, StringBuilder all)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) AppendStrings(property.Value, all);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) AppendStrings(item, all);
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                all.AppendLine(text);
                if (text.StartsWith('{') || text.StartsWith('['))
                {
                    try { AppendStrings(JsonDocument.Parse(text).RootElement, all); }
                    catch (JsonException) { /* text that merely starts like JSON */ }
                }
                break;
        }
    }
}
