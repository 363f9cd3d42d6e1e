using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Pledge.Grains.Hosting;
using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>What an operator scrapes and traces: <c>/metrics</c>, one request's spans, and the dashboard's gate.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class ObservabilityTests
{
    [Fact]
    public async Task After_a_breach_metrics_show_the_breach_counter_and_a_lateness_sample_for_its_tier()
    {
        await using var api = new PledgeApiFactory();
        // Meters are process-wide and tests run side by side: a tenant of its own tells this test's series apart.
        var t = await api.NewTenantAsync("metrics-breach");
        (await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "talent", customer = "cust" })).EnsureSuccessStatusCode();
        (await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = "m1", from = "customer", author = "cust", text = "anyone?" })).EnsureSuccessStatusCode();
        using var anonymous = api.CreateClient();
        Assert.Empty(Lines(await anonymous.GetStringAsync("/metrics"), "pledge_breaches_total", "metrics-breach"));

        api.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await Eventually.ReachesAsync(t.Platform, "/v1/conversations/c1", v => v.GetProperty("breaches").GetProperty("PT2M").GetInt32() == 1);

        // The exporter serves a cached scrape for a moment; the next one holds the breach.
        var scrape = await Until.ReachesAsync(() => anonymous.GetStringAsync("/metrics"),
            m => Lines(m, "pledge_breaches_total", "metrics-breach").Length > 0 && Lines(m, "pledge_deadlines_lateness_seconds_count", "").Length > 0, "the breach series");
        var breach = Assert.Single(Lines(scrape, "pledge_breaches_total", "metrics-breach"));
        Assert.Contains("tier=\"PT2M\"", breach);
        Assert.Contains("policy=\"talent-chat\"", breach);
        Assert.Equal("1", breach.Split('}')[1].Trim().Split(' ')[0]);
        Assert.Contains(Lines(scrape, "pledge_deadlines_lateness_seconds_count", ""), l => l.Contains("kind=\"conversation\"") && l.Contains("tier=\"PT2M\""));
        Assert.Single(Lines(scrape, "pledge_waits_opened_total", "metrics-breach"));
    }

    [Fact]
    public async Task A_message_request_traces_the_http_span_with_the_grain_call_as_its_child()
    {
        var spans = new List<Activity>();
        await using var api = new PledgeApiFactory();
        var traced = api.WithWebHostBuilder(b => b.UseSetting("Pledge:Telemetry:Tracing", "true")
            .ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        var t = await PledgeApiFactory.TenantCreate(key =>
        {
            var client = traced.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }, "traces");
        (await t.Platform.PutAsJsonAsync("/v1/conversations/traced-c1", new { policy = "talent-chat", owner = "talent", customer = "cust" })).EnsureSuccessStatusCode();
        (await t.Platform.PostAsJsonAsync("/v1/conversations/traced-c1/messages", new { messageId = "m1", from = "customer", author = "cust", text = "hello" })).EnsureSuccessStatusCode();

        // Activity listeners are process-wide and other tests' apps run alongside: the path names this test's request.
        var http = await Until.ReachesAsync(() => Task.FromResult(Snapshot(spans).FirstOrDefault(s =>
            s.Kind == ActivityKind.Server && s.GetTagItem("http.route") as string == "/v1/conversations/{id}/messages"
            && s.GetTagItem("url.path") as string == "/v1/conversations/traced-c1/messages")), s => s is not null, "the HTTP span");
        var children = await Until.ReachesAsync(() => Task.FromResult(Snapshot(spans).Where(s => s.ParentSpanId == http!.SpanId).ToArray()),
            c => c.Any(s => PledgeTelemetry.OrleansSources.Contains(s.Source.Name)), "a grain-call span under the HTTP span");
        // The message is one command to the conversation's grain, a call made while the HTTP span is current.
        var grainCall = Assert.Single(children, s => PledgeTelemetry.OrleansSources.Contains(s.Source.Name) && s.DisplayName.EndsWith("/SendAsync", StringComparison.Ordinal));
        Assert.Equal(http!.TraceId, grainCall.TraceId);
        Assert.Contains(grainCall.TagObjects, tag => tag.Value?.ToString()?.Contains("traces/traced-c1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_dashboard_is_off_by_default_and_refuses_a_request_without_the_operator_key()
    {
        await using (var off = new PledgeApiFactory())
        {
            using var client = off.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PledgeDashboard.Path)).StatusCode);
        }

        await using var api = new PledgeApiFactory();
        api.Settings["Pledge:Dashboard:Enabled"] = "true";
        using var anonymous = api.CreateClient();
        var refused = await anonymous.GetAsync(PledgeDashboard.Path);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var wrong = api.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-operator-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(PledgeDashboard.Path)).StatusCode);

        // Redirects are not followed: HttpClient drops the Authorization header on a redirect.
        using var operatorClient = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PledgeApiFactory.BootstrapKey);
        var admitted = await operatorClient.GetAsync(PledgeDashboard.Path + "/");
        Assert.True(admitted.IsSuccessStatusCode, $"the operator got {(int)admitted.StatusCode} {admitted.Headers.Location}");
        Assert.Contains("<html", await admitted.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The scrape's samples of <paramref name="metric"/>, of <paramref name="tenant"/> when one is given.</summary>
    private static string[] Lines(string scrape, string metric, string tenant) =>
        scrape.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && (tenant == "" || l.Contains($"tenant=\"{tenant}\""))).ToArray();

    private static Activity[] Snapshot(List<Activity> spans)
    {
        lock (spans) return [.. spans];
    }
}

/// <summary>
/// Runs alone: OpenTelemetry retires a metric when any meter of that name is disposed (open-telemetry/opentelemetry-dotnet#6412),
/// so another test's factory shutting down side by side would empty this test's scrape of every <c>pledge_*</c> series.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "observability";
}
