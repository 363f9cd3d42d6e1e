using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pledge.Hosting.Webhooks;
using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>
/// A breach fires at its deadline in a running service on the system clock, and its signed webhook arrives within
/// a second of the deadline — on the embedded host and on PostgreSQL.
/// </summary>
public sealed class RealTimeBreachTests
{
    [Fact]
    public Task In_memory_breach_webhook_arrives_within_a_second() => BreachWebhookArrivesAsync(null);

    [Fact]
    public async Task Postgres_breach_webhook_arrives_within_a_second()
    {
        var server = await PostgresServer.SharedAsync();
        await BreachWebhookArrivesAsync(await server.CreateDatabaseAsync());
    }

    private static async Task BreachWebhookArrivesAsync(string? postgres)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = new PledgeApiFactory { UseManualClock = false };
        if (postgres is not null)
            PostgresApiFactory.UseDatabase(api.Settings, postgres);
        var tenant = await api.NewTenantAsync("realtime");

        var preset = JsonDocument.Parse(await tenant.Admin.GetStringAsync("/v1/policies/talent-chat")).RootElement.GetProperty("policy");
        var fast = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(preset.GetRawText())!;
        fast["tiers"] = JsonDocument.Parse("[\"PT1S\"]").RootElement;
        fast["claimThresholds"] = JsonDocument.Parse("{}").RootElement;
        (await tenant.Admin.PutAsJsonAsync("/v1/policies/one-second-chat", new { family = "conversation", policy = fast })).EnsureSuccessStatusCode();

        var hook = await (await tenant.Admin.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, eventTypes = new[] { "wait_breached" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var secret = hook.GetProperty("secret").GetString()!;

        (await tenant.Platform.PutAsJsonAsync("/v1/conversations/rt-1", new { policy = "one-second-chat", owner = "talent", customer = "cust" })).EnsureSuccessStatusCode();
        var posted = await tenant.Platform.PostAsJsonAsync("/v1/conversations/rt-1/messages", new { messageId = "m1", from = "customer", author = "cust", text = "hello" });
        posted.EnsureSuccessStatusCode();
        var view = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var due = view.GetProperty("openWait").GetProperty("deadlines")[0].GetProperty("at").GetDateTimeOffset();

        await receiver.WaitForRequestAsync(TimeSpan.FromSeconds(15));
        var arrived = DateTimeOffset.UtcNow;
        Assert.True(receiver.Requests.TryPeek(out var request));
        Assert.True(WebhookSignature.Verify(secret, request.Timestamp!, request.Body, request.Signature), "signature verifies with the endpoint's secret");
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("wait_breached", body.GetProperty("type").GetString());
        Assert.Equal(request.EventId, body.GetProperty("id").GetString());

        var lateness = arrived - due;
        Assert.True(lateness >= TimeSpan.Zero, $"the webhook arrived {-lateness.TotalMilliseconds:F0} ms before the deadline");
        Assert.True(lateness < TimeSpan.FromSeconds(1), $"the webhook arrived {lateness.TotalMilliseconds:F0} ms after the deadline");
    }
}
