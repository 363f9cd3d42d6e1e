using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pledge.Api.Tests.Fuzz;
using Pledge.Service.Casework;
using Xunit.Abstractions;

namespace Pledge.Api.Tests;

/// <summary>
/// At least 10,000 malformed or hostile requests over every mapped route, against the API on the durable host:
/// none may answer 5xx, every 4xx is a problem document, no write is accepted, and every table of the database is
/// row-for-row identical before and after. Seed and count: <c>PLEDGE_FUZZ_SEED</c>, <c>PLEDGE_FUZZ_REQUESTS</c>.
/// </summary>
public sealed class FuzzTests(PostgresApiFactory api, ITestOutputHelper output) : IClassFixture<PostgresApiFactory>
{
    private const int DefaultRequests = 10_000;
    private const int DefaultSeed = 20260302;

    [Fact]
    public async Task Hostile_requests_on_every_route_get_problems_never_5xx_and_change_nothing()
    {
        var seed = EnvInt("PLEDGE_FUZZ_SEED", DefaultSeed);
        var count = EnvInt("PLEDGE_FUZZ_REQUESTS", DefaultRequests);
        var context = await SeedAsync();
        var routes = FuzzRoutes.Discover(api.Services);
        Assert.Contains(routes, r => r.Pattern.StartsWith("/v1/conversations", StringComparison.Ordinal));

        var before = await QuietSnapshotAsync();
        var clock = Stopwatch.StartNew();
        var results = new ConcurrentBag<(HostileRequest Request, int Status, string? Failure)>();
        var unsendable = 0;
        using var client = api.CreateClient();
        // Paths with an encoded NUL never reach an app (Kestrel refuses them, the test host cannot even build them): top up with the next requests instead.
        var requests = new HostileRequests(routes, context, seed).Take(count * 2).Where(r => Sendable(r)).Take(count).ToArray();
        unsendable = requests[^1].Number + 1 - count;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, ct) =>
        {
            using var message = ToMessage(request);
            if (message is null)
            {
                Interlocked.Increment(ref unsendable);
                return;
            }
            try
            {
                using var response = await client.SendAsync(message, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                results.Add((request, (int)response.StatusCode, Check(request, response, body)));
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                // The in-process server lets an exception escape instead of answering: as bad as a 500.
                results.Add((request, 599, $"exception instead of an answer: {e.GetType().Name}: {e.Message}"));
            }
        });
        clock.Stop();
        var after = await QuietSnapshotAsync();

        var sent = results.Count;
        var byClass = results.GroupBy(r => r.Status / 100).OrderBy(g => g.Key).Select(g => $"{g.Key}xx={g.Count()}");
        var byStatus = results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
        var byDefect = results.GroupBy(r => r.Request.Defect).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}");
        var byRoute = results.GroupBy(r => r.Request.Route.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}");
        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: seed={seed} requests sent={sent} (skipped as unsendable through the test host: {unsendable}) in {clock.Elapsed.TotalSeconds:F1} s over {routes.Count} routes")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: by status class: {string.Join(' ', byClass)}; 5xx={results.Count(r => r.Status >= 500)}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: by status: {string.Join(' ', byStatus)}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: by defect: {string.Join(' ', byDefect)}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: by route: {string.Join(' ', byRoute)}")
            .AppendLine(CultureInfo.InvariantCulture, $"fuzz: database: {before.Tables.Count} tables, {before.TotalRows} rows before, {after.TotalRows} rows after, identical={before.Differences(after).Count == 0}")
            .ToString();
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("PLEDGE_FUZZ_REPORT") is { Length: > 0 } report)
            await File.WriteAllTextAsync(report, summary);

        // One example per kind of bad answer, so that a single noisy cause does not hide the others.
        var failures = results.Where(r => r.Failure is not null).OrderBy(r => r.Request.Number)
            .GroupBy(r => (r.Status, r.Request.Route.ToString(), r.Request.Defect)).Take(40)
            .Select(g => $"{g.First().Failure} (x{g.Count()})\n    {g.First().Request.Describe()}").ToArray();
        Assert.True(failures.Length == 0, $"{results.Count(r => r.Failure is not null)} bad answers, first ones:\n{string.Join('\n', failures)}");
        Assert.True(sent >= count * 0.99, $"only {sent} of {count} requests could be sent");
        Assert.Empty(before.Differences(after));
        Assert.Equal(before, after, SnapshotComparer.Instance);
        // Every route got its share (the generator aims round-robin).
        Assert.All(routes, r => Assert.Contains(results, x => x.Request.Route == r));
    }

    private static string? Check(HostileRequest request, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return $"{status} server error: {Head(body)}";
        if (request.MustBeRefused && status < 400)
            return $"{status}: a broken write was accepted: {Head(body)}";
        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                return $"{status} without a problem document (content type {response.Content.Headers.ContentType?.MediaType ?? "none"}): {Head(body)}";
            try
            {
                var problem = JsonDocument.Parse(body).RootElement;
                if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status)
                    return $"{status} problem document without a matching status: {Head(body)}";
            }
            catch (JsonException)
            {
                return $"{status} problem document is not JSON: {Head(body)}";
            }
        }
        return null;
    }

    private static string Head(string s) => s.Length <= 400 ? s : s[..400] + "…";

    private static bool Sendable(HostileRequest request) =>
        !request.Path.Contains("%00", StringComparison.Ordinal) && ToMessage(request) is { } message && Dispose(message);

    private static bool Dispose(HttpRequestMessage message)
    {
        message.Dispose();
        return true;
    }

    private static HttpRequestMessage? ToMessage(HostileRequest request)
    {
        HttpRequestMessage message;
        try
        {
            message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path, UriKind.Relative));
        }
        catch (UriFormatException)
        {
            return null;
        }
        if (request.Authorization is not null && !message.Headers.TryAddWithoutValidation("Authorization", request.Authorization))
        {
            message.Dispose();
            return null;
        }
        if (request.Body is not null)
        {
            HttpContent content = request.Chunked
                ? new StreamContent(new UnsizedStream(request.Body))
                : new ByteArrayContent(request.Body);
            content.Headers.ContentType = null;
            if (request.ContentType is not null && !content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType))
            {
                content.Dispose();
                message.Dispose();
                return null;
            }
            message.Content = content;
        }
        return message;
    }

    private async Task<FuzzContext> SeedAsync()
    {
        var own = await api.NewTenantAsync("fuzz");
        var other = await api.NewTenantAsync("fuzz-other");
        var ownIds = new List<string> { "c-seed", "talent-chat" };
        var foreignIds = new List<string> { "c-other", "fuzz-other" };
        foreach (var (tenant, conversation, ids) in new[] { (own, "c-seed", ownIds), (other, "c-other", foreignIds) })
        {
            await OkAsync(tenant.Platform.PutAsJsonAsync($"/v1/conversations/{conversation}", new { policy = "talent-chat", owner = "o-1", customer = "u-1" }));
            await OkAsync(tenant.Platform.PostAsJsonAsync($"/v1/conversations/{conversation}/messages",
                new { messageId = "m-1", from = "customer", author = "u-1", text = "Is the order on its way?" }));
            var hook = await OkAsync(tenant.Admin.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "*" } }));
            ids.Add(hook.GetProperty("id").GetString()!);
        }
        var preset = await OkAsync(own.Admin.GetAsync("/v1/policies/talent-chat"));
        await OkAsync(other.Admin.PutAsJsonAsync("/v1/policies/talent-chat", new { policy = preset.GetProperty("policy") }));

        var documents = new Dictionary<string, string>
        {
            ["PUT /v1/policies/{name}"] = JsonSerializer.Serialize(new { policy = WithoutStamp(preset.GetProperty("policy")) }),
            ["POST /v1/conversations/{id}/messages"] = JsonSerializer.Serialize(new { messageId = "m-sem", from = "customer", author = "u-1", text = "x", at = api.Clock.GetUtcNow() }),
        };
        string KeyOf(HttpClient c) => c.DefaultRequestHeaders.Authorization!.Parameter!;
        return new FuzzContext(
            PostgresApiFactory.BootstrapKey,
            new Dictionary<string, string> { ["platform"] = KeyOf(own.Platform), ["reviewer"] = KeyOf(own.Reviewer), ["admin"] = KeyOf(own.Admin) },
            ownIds,
            foreignIds,
            ["absent-1", "zz-none", "wh_0000000000000000000000", "no.such:id@x"],
            documents,
            new Dictionary<string, FreeFormShape>
            {
                ["POST /v1/cases/"] = new("type", CaseRequests.Filings, [new FieldShape("id", typeof(string), false, true)]),
                ["POST /v1/cases/{id}/actions"] = new("action", CaseRequests.Actions, []),
            },
            // A reviewer may restrict a customer Pledge has not seen yet: a valid request there is not refused.
            new HashSet<string> { "POST /v1/customers/{id}/restriction" },
            api.Clock.GetUtcNow(),
            64 * 1024);
    }

    // The registry stamps name and version itself; leave them out so that every other leaf is one a client sets.
    private static Dictionary<string, JsonElement> WithoutStamp(JsonElement policy) =>
        policy.EnumerateObject().Where(p => p.Name is not ("name" or "version")).ToDictionary(p => p.Name, p => p.Value.Clone());

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"seeding failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // Seeding leaves background work (reactions, webhook attempts) behind: wait until two looks agree.
    private async Task<DatabaseSnapshot> QuietSnapshotAsync()
    {
        var last = await DatabaseSnapshot.TakeAsync(api.ConnectionString);
        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(100);
            var next = await DatabaseSnapshot.TakeAsync(api.ConnectionString);
            if (SnapshotComparer.Instance.Equals(last, next)) return next;
            last = next;
        }
        throw new Xunit.Sdk.XunitException("The database never settled before or after the fuzz run.");
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    private sealed class SnapshotComparer : IEqualityComparer<DatabaseSnapshot>
    {
        public static readonly SnapshotComparer Instance = new();

        public bool Equals(DatabaseSnapshot? x, DatabaseSnapshot? y) =>
            x is not null && y is not null && x.Tables.Count == y.Tables.Count && x.Tables.All(t => y.Tables.TryGetValue(t.Key, out var o) && o == t.Value);

        public int GetHashCode(DatabaseSnapshot obj) => obj.Tables.Count;
    }

    // A body without a declared length, as a chunked upload would arrive.
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
