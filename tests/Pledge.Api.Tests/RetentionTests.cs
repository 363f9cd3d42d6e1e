using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pledge.Hosting;
using Pledge.Service.Tenancy;
using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>A tenant's message-text retention redacts old texts everywhere they are stored and keeps every figure.</summary>
public sealed class RetentionTests
{
    private const string OldText = "my card number is 4111-retained-old";
    private const string NewText = "still within retention";

    [Fact]
    public Task In_memory_texts_older_than_the_retention_are_redacted_and_the_figures_kept() => RedactsAsync(postgres: null);

    [Fact]
    public async Task Postgres_texts_older_than_the_retention_are_redacted_everywhere_and_the_figures_kept()
    {
        var server = await PostgresServer.SharedAsync();
        await RedactsAsync(await server.CreateDatabaseAsync());
    }

    [Fact]
    public async Task Retention_takes_whole_days_and_only_admins_set_it()
    {
        await using var api = new PledgeApiFactory();
        var t = await api.NewTenantAsync("ret-input");

        Assert.Equal(JsonValueKind.Null, (await t.Admin.GetFromJsonAsync<JsonElement>("/v1/retention")).GetProperty("messageText").ValueKind);
        foreach (var bad in new[] { "PT5H", "P0D", "-P1D", "P4000D" })
        {
            var refused = await ProblemAssert.IsProblemAsync(await t.Admin.PutAsJsonAsync("/v1/retention", new { messageText = bad }), HttpStatusCode.BadRequest);
            Assert.Equal("messageText", refused.GetProperty("field").GetString());
        }
        await ProblemAssert.IsProblemAsync(await t.Admin.PutAsJsonAsync("/v1/retention", new { }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Platform.PutAsJsonAsync("/v1/retention", new { messageText = "P30D" })).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await t.Admin.GetFromJsonAsync<JsonElement>("/v1/retention")).GetProperty("messageText").ValueKind);

        var set = await t.Admin.PutAsJsonAsync("/v1/retention", new { messageText = "P30D" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("P30D", (await t.Admin.GetFromJsonAsync<JsonElement>("/v1/retention")).GetProperty("messageText").GetString());
        (await t.Admin.PutAsJsonAsync("/v1/retention", new { messageText = (string?)null })).EnsureSuccessStatusCode();
        Assert.Equal(JsonValueKind.Null, (await t.Admin.GetFromJsonAsync<JsonElement>("/v1/retention")).GetProperty("messageText").ValueKind);
    }

    private static async Task RedactsAsync(string? postgres)
    {
        await using var api = new PledgeApiFactory();
        if (postgres is not null)
            PostgresApiFactory.UseDatabase(api.Settings, postgres);
        var t = await api.NewTenantAsync("ret");
        // An endpoint that refuses connections keeps the message events' deliveries (and their texts) in the store.
        (await t.Admin.PostAsJsonAsync("/v1/webhooks", new { url = $"http://127.0.0.1:{Loopback.FreePort()}/hook", eventTypes = new[] { "message_received" } })).EnsureSuccessStatusCode();
        (await t.Admin.PutAsJsonAsync("/v1/retention", new { messageText = "P2D" })).EnsureSuccessStatusCode();
        (await t.Platform.PutAsJsonAsync("/v1/conversations/c1", new { policy = "talent-chat", owner = "talent", customer = "cust" })).EnsureSuccessStatusCode();

        await PostAsync(t, "m1", "customer", OldText);
        api.Clock.Advance(TimeSpan.FromMinutes(3));
        await PostAsync(t, "m2", "agent", OldText);
        api.Clock.Advance(TimeSpan.FromDays(1));
        await PostAsync(t, "m3", "customer", NewText);
        await PostAsync(t, "m4", "agent", NewText);
        var before = await t.Platform.GetStringAsync("/v1/conversations/c1");

        // Two days and a minute after m2: m1 and m2 are past the retention, m3 and m4 are a day old.
        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var retention = api.Services.GetRequiredService<RetentionService>();
        await retention.SweepAsync(CancellationToken.None);

        var texts = await TextsAsync(api.Services.GetRequiredService<IEntityHost>(), t.Tenant);
        Assert.Equal(new Dictionary<string, string?> { ["m1"] = null, ["m2"] = null, ["m3"] = NewText, ["m4"] = NewText }, texts);
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/conversations/c1"));
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));
        if (postgres is not null)
        {
            Assert.True(await CountAsync(postgres, OldText) == 0, "old texts are still stored in " + await WhereAsync(postgres, OldText));
            Assert.True(await CountAsync(postgres, NewText) >= 2, "the newer texts are still stored");
        }
    }

    private static async Task PostAsync(TenantClients t, string id, string from, string text) =>
        (await t.Platform.PostAsJsonAsync("/v1/conversations/c1/messages", new { messageId = id, from, author = from == "agent" ? "talent" : "cust", text })).EnsureSuccessStatusCode();

    private static async Task<Dictionary<string, string?>> TextsAsync(IEntityHost host, string tenant)
    {
        var texts = new Dictionary<string, string?>();
        foreach (var e in await host.GetHistoryAsync("conversation", new EntityId(tenant, "c1")))
        {
            if (e.Type != "message_received") continue;
            var data = JsonDocument.Parse(e.Json).RootElement;
            texts[data.GetProperty("messageId").GetString()!] = data.GetProperty("text").GetString();
            Assert.Equal("message_received", data.GetProperty("type").GetString());
        }
        return texts;
    }

    /// <summary>The stored grain states holding <paramref name="text"/>, with the text's surroundings.</summary>
    private static async Task<string> WhereAsync(string connectionString, string text)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var where = new NpgsqlCommand("""
            SELECT graintypestring || ' ' || grainidextensionstring || ': ' || substr(p, greatest(strpos(p, $1) - 300, 1), 400)
            FROM (SELECT graintypestring, grainidextensionstring, convert_from(payloadbinary, 'UTF8') AS p FROM orleansstorage WHERE payloadbinary IS NOT NULL) s
            WHERE strpos(p, $1) > 0
            """, connection);
        where.Parameters.Add(new() { Value = text });
        var found = new List<string>();
        await using var reader = await where.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        return string.Join(" || ", found);
    }

    /// <summary>How often <paramref name="text"/> occurs in the grains' stored state (entity records, log pages, webhook books).</summary>
    private static async Task<long> CountAsync(string connectionString, string text)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT coalesce(sum((length(p) - length(replace(p, $1, ''))) / length($1)), 0)::bigint
            FROM (SELECT convert_from(payloadbinary, 'UTF8') AS p FROM orleansstorage WHERE payloadbinary IS NOT NULL) s
            """, connection);
        count.Parameters.Add(new() { Value = text });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
