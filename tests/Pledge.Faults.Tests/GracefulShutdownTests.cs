using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Pledge.Testing;
using Xunit.Abstractions;

namespace Pledge.Faults.Tests;

/// <summary>
/// Graceful shutdown (issue 7): a node stopped with SIGTERM, as an orchestrator stops it, answers the requests it is
/// running, gives back its deadline leases and outbox claims at once instead of leaving them to run out, exits
/// cleanly, and loses nothing it acknowledged.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    // ---- silo ----------------------------------------------------------------------------------------------------
    private const string SiloTenant = "shutdown-silo";
    private const string ChatPolicy = "shutdown-chat";
    private const int Conversations = 8;

    // Far enough ahead that the first silo claims the deadlines early (they fall within its lookahead) and is
    // stopped well before they fall due; near enough to keep the test short.
    private const string TierName = "PT30S";

    // Far longer than the test waits for anything: the next silo can only fire and deliver in time if the stopped
    // silo gave its claims back.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    // ---- api -----------------------------------------------------------------------------------------------------
    private const string ApiTenant = "shutdown-api";
    private const int Writers = 16;
    private const int AcknowledgedBeforeStop = 240;
    private const string EventsTable = "pledge.events";

    [Fact(Timeout = 240_000)]
    public async Task A_silo_stopped_with_SIGTERM_gives_back_its_leases_and_claims_so_the_next_silo_fires_and_delivers_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        await using var cluster = await TestCluster.StartAsync(apis: 1, silos: 1, new Dictionary<string, string>
        {
            ["Pledge__Host__LeaseDuration"] = "00:05:00",
            ["Pledge__Host__DeadlineLookahead"] = "00:02:00",
            // The receiver holds the first deliveries unanswered: they are still in flight when the silo is stopped.
            ["Pledge__Host__WebhookTimeout"] = "00:02:00",
        });
        await WithLogsAsync(cluster, () => SiloAsync(cluster, receiver));
    }

    [Fact(Timeout = 240_000)]
    public async Task An_api_stopped_with_SIGTERM_answers_the_requests_it_is_running_and_loses_nothing_it_acknowledged()
    {
        // Without group commits every request writes on its own connection, so the database shows each one in flight.
        await using var cluster = await TestCluster.StartAsync(apis: 2, silos: 0, new Dictionary<string, string>
        {
            ["Pledge__Host__BatchCommits"] = "false",
        });
        await WithLogsAsync(cluster, () => ApiAsync(cluster));
    }

    private async Task SiloAsync(TestCluster cluster, WebhookReceiver receiver)
    {
        var db = cluster.ConnectionString;
        var api = cluster.Apis[0].Url;
        var first = cluster.Silos[0];
        var (platformKey, adminKey) = await cluster.NewTenantAsync(SiloTenant);
        await SetUpSiloTenantAsync(api, adminKey, receiver.Url);
        using var platform = TestCluster.Client(platformKey, TimeSpan.FromSeconds(30));
        var ids = Enumerable.Range(0, Conversations).Select(i => $"late-{i}").ToList();
        foreach (var id in ids) await OpenWaitAsync(platform, api, id);

        // ---- the first silo holds every deadline's lease and has webhook deliveries in flight -------------------
        IReadOnlyList<Database.LeaseRow> leases = [];
        await PollAsync($"the first silo holds a {Lease} lease on each of the {Conversations} deadlines", TimeSpan.FromSeconds(30), async () =>
        {
            (var now, leases) = await Database.DeadlinesAsync(db, SiloTenant);
            return leases.Count == Conversations && leases.All(r => r.ClaimedBy == first.Name && r.LeaseUntil > now + Lease - TimeSpan.FromMinutes(1));
        });
        IReadOnlyList<Database.LeaseRow> held = [];
        await PollAsync("the first silo holds webhook deliveries that the receiver has not answered", TimeSpan.FromSeconds(30), async () =>
        {
            held = [.. (await Database.PendingDeliveriesAsync(db, SiloTenant)).Rows.Where(r => r.ClaimedBy == first.Name)];
            return held.Count > 0 && receiver.Holding > 0;
        });
        var firstDue = leases.Min(r => r.Due);
        var leasesEnd = leases.Min(r => r.LeaseUntil!.Value);
        Assert.True(DateTimeOffset.UtcNow < firstDue - TimeSpan.FromSeconds(10),
            $"the set-up was too slow: the deadlines fall due at {firstDue:O}, before the silo could be stopped");

        // ---- SIGTERM ------------------------------------------------------------------------------------------
        var heldOpen = receiver.Holding;
        var stopping = Stopwatch.StartNew();
        var exitCode = await first.StopGracefullyAsync(StopTimeout);
        var stopTook = stopping.Elapsed;
        Assert.Equal(0, exitCode);
        Assert.Equal((0L, 0L, 0L), await Database.ClaimedByAsync(db, first.Name));

        var (afterStop, left) = await Database.DeadlinesAsync(db, SiloTenant);
        Assert.True(afterStop < firstDue, "the silo was stopped before any deadline fell due");
        // Nothing fired early, nothing dropped, every lease given back rather than left to run out.
        Assert.Equal(leases.Select(r => (r.Key, r.Name, r.Due)), left.Select(r => (r.Key, r.Name, r.Due)));
        Assert.All(left, r => Assert.True(r.ClaimedBy is null && r.LeaseUntil is null, $"{r.Key} {r.Name} is still claimed by {r.ClaimedBy} until {r.LeaseUntil:O}"));
        var pending = (await Database.PendingDeliveriesAsync(db, SiloTenant)).Rows;
        Assert.Subset(pending.Select(r => r.Key).ToHashSet(), held.Select(r => r.Key).ToHashSet());
        Assert.All(pending, r => Assert.True(r.ClaimedBy is null && r.LeaseUntil is null, $"delivery of {r.Key} is still claimed by {r.ClaimedBy}"));
        Assert.Empty(receiver.Answered);

        // ---- a new silo takes over at once --------------------------------------------------------------------
        receiver.Release();
        var restarting = Stopwatch.StartNew();
        var second = await cluster.StartSiloAsync();
        var lastDue = leases.Max(r => r.Due);
        await PollAsync($"every wait shows its {TierName} breach", lastDue - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60), async () =>
        {
            foreach (var id in ids)
                if (!Breached(await platform.GetFromJsonAsync<JsonElement>($"{api}/v1/conversations/{id}"))) return false;
            return true;
        });
        var breachedAt = DateTimeOffset.UtcNow;
        var breachesTook = restarting.Elapsed;
        await PollAsync("the second silo delivered every webhook and reaction", TimeSpan.FromSeconds(60), async () =>
            (await Database.PendingDeliveriesAsync(db, SiloTenant)).Rows.Count == 0 && await Database.TenantOutboxAsync(db, SiloTenant) == (0, 0));
        var deliveredAt = DateTimeOffset.UtcNow;
        var (_, remaining) = await Database.DeadlinesAsync(db, SiloTenant);

        Print($"""
            == graceful shutdown of a silo ==
            {first.Name} held {leases.Count} deadline leases (until {leasesEnd:O}) and {held.Count} webhook deliveries ({heldOpen} POSTs held open by the receiver)
            SIGTERM -> exit code {exitCode} after {stopTook.TotalSeconds:F1} s; claims left by {first.Name}: none
            {second.Name} started; all {Conversations} waits breached {breachesTook.TotalSeconds:F1} s after the restart (deadlines due {firstDue:O} .. {lastDue:O}), webhooks and reactions done by {deliveredAt:O}
            receiver answered {receiver.Answered.Count} deliveries ({receiver.Answered.Distinct().Count()} distinct events)
            """);
        Assert.True(breachedAt < leasesEnd && deliveredAt < leasesEnd, $"the work was taken over before the old leases ended ({leasesEnd:O})");
        Assert.DoesNotContain(remaining, r => r.Due <= deliveredAt);
        Assert.Subset(receiver.Answered.ToHashSet(), held.Select(r => r.Key).ToHashSet());
        Assert.False(second.HasExited);
    }

    private async Task ApiAsync(TestCluster cluster)
    {
        var db = cluster.ConnectionString;
        var (survivor, victim) = (cluster.Apis[0], cluster.Apis[1]);
        var (platformKey, _) = await cluster.NewTenantAsync(ApiTenant);
        using var http = TestCluster.Client(platformKey, TimeSpan.FromSeconds(60));
        for (var w = 0; w < Writers; w++)
            await EnsureAsync(await http.PutAsJsonAsync($"{survivor.Url}/v1/conversations/drain-{w}", new { policy = "talent-chat", owner = "agent", customer = $"cust-{w}" }));

        var attempts = new ConcurrentQueue<Attempt>();
        var clock = Stopwatch.StartNew();
        var acknowledged = 0;
        using var stopLoad = new CancellationTokenSource();

        // Each writer posts to its own conversation on the victim, one request at a time, until the node is gone.
        async Task WriteAsync(int w)
        {
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                var customer = n % 2 == 0;
                var messageId = $"dm-{w}-{n}";
                var message = new { messageId, from = customer ? "customer" : "agent", author = customer ? $"cust-{w}" : "agent", text = $"message {n}" };
                var sent = clock.Elapsed;
                try
                {
                    using var response = await http.PostAsJsonAsync($"{victim.Url}/v1/conversations/drain-{w}/messages", message, stopLoad.Token);
                    attempts.Enqueue(new Attempt(w, messageId, sent, clock.Elapsed, (int)response.StatusCode, null));
                    if (response.IsSuccessStatusCode) Interlocked.Increment(ref acknowledged);
                }
                catch (OperationCanceledException) when (stopLoad.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    attempts.Enqueue(new Attempt(w, messageId, sent, clock.Elapsed, null, e.GetBaseException().Message));
                    return;
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))));
        TimeSpan signalled, refused;
        int exitCode;
        try
        {
            await PollAsync($"{AcknowledgedBeforeStop} messages acknowledged", TimeSpan.FromSeconds(90),
                () => Task.FromResult(Volatile.Read(ref acknowledged) >= AcknowledgedBeforeStop || load.IsCompleted));
            Assert.False(load.IsCompleted, "the writers stopped before the api was stopped: " + string.Join("; ", attempts.Where(a => a.Error is not null).Select(a => a.Error)));

            // A slow database: every writer's next request is inside the api, waiting to write its events.
            var hold = await Database.HoldWritesAsync(db, EventsTable);
            try
            {
                await PollAsync($"all {Writers} writers have a request waiting inside the api", TimeSpan.FromSeconds(30),
                    async () => await Database.WaitingWritersAsync(db, EventsTable) >= Writers);
                var answeredBefore = attempts.Count;
                signalled = clock.Elapsed;
                victim.Terminate();
                await PollAsync("the stopping api refuses new connections", TimeSpan.FromSeconds(20),
                    async () => victim.HasExited || !await AcceptsConnectionsAsync(victim.Port));
                refused = clock.Elapsed;
                Assert.False(victim.HasExited, $"the api exited while its requests were still running:\n{victim.Log()}");
                Assert.Equal(answeredBefore, attempts.Count);
            }
            finally
            {
                await hold.DisposeAsync();
            }
            exitCode = await victim.WaitForExitAsync(StopTimeout);
            await load.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stopLoad.CancelAsync();
        }

        var all = attempts.ToList();
        var acked = all.Where(a => a.Status is >= 200 and < 300).ToList();
        var inFlight = all.Where(a => a.Sent < signalled && a.Ended > signalled).ToList();
        var failed = all.Where(a => a.Status is not (>= 200 and < 300)).ToList();
        var stored = await Database.MessageIdsAsync(db, ApiTenant);
        var storedSet = stored.ToHashSet(StringComparer.Ordinal);
        var lost = acked.Where(a => !storedSet.Contains(a.MessageId)).Select(a => a.MessageId).ToList();
        var doubled = stored.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Print($"""
            == graceful shutdown of an api ==
            {Writers} writers sent {all.Count} requests to {victim.Name}: acknowledged {acked.Count}, failed {failed.Count} ({string.Join("; ", failed.Select(f => f.Error ?? f.Status.ToString()).Distinct().Take(3))})
            SIGTERM at {signalled.TotalSeconds:F2} s with {inFlight.Count} requests waiting on the database; new connections refused {(refused - signalled).TotalMilliseconds:F0} ms later; exit code {exitCode}
            in flight at the signal: {inFlight.Count(a => a.Status is >= 200 and < 300)} answered 2xx, last at {inFlight.Max(a => a.Ended).TotalSeconds:F2} s
            stored messages {stored.Count}: lost = {lost.Count}, doubled = {doubled.Count}
            """);

        Assert.Equal(0, exitCode);
        Assert.Equal(Writers, inFlight.Count);
        Assert.All(inFlight, a => Assert.True(a.Status is >= 200 and < 300 && a.Ended > refused,
            $"{a.MessageId}, in flight at the signal, was answered {a.Status?.ToString() ?? a.Error} at {a.Ended.TotalSeconds:F2} s"));
        // Only connection failures, and only once the node had stopped listening: no 5xx, no request cut off.
        Assert.All(failed, a => Assert.True(a.Status is null && a.Sent > signalled, $"{a.MessageId}: {a.Status?.ToString() ?? a.Error} (sent at {a.Sent.TotalSeconds:F2} s)"));
        Assert.True(acked.Count >= AcknowledgedBeforeStop + Writers, $"acknowledged {acked.Count}");
        Assert.Empty(lost);
        Assert.Empty(doubled);

        // The surviving node serves what the stopped one acknowledged: one wait per customer message, the last
        // acknowledged message of each writer's conversation included.
        for (var w = 0; w < Writers; w++)
        {
            var storedByWriter = stored.Count(id => id.StartsWith($"dm-{w}-", StringComparison.Ordinal));
            var view = await http.GetFromJsonAsync<JsonElement>($"{survivor.Url}/v1/conversations/drain-{w}");
            Assert.Equal((storedByWriter + 1) / 2, view.GetProperty("waits").GetArrayLength());
            Assert.True(storedByWriter >= acked.Count(a => a.Writer == w));
        }
    }

    private sealed record Attempt(int Writer, string MessageId, TimeSpan Sent, TimeSpan Ended, int? Status, string? Error);

    // A policy whose only tier is 30 s and a webhook for every event type to the holding receiver.
    private static async Task SetUpSiloTenantAsync(string api, string adminKey, string hookUrl)
    {
        using var admin = TestCluster.Client(adminKey, TimeSpan.FromSeconds(30));
        var preset = JsonDocument.Parse(await admin.GetStringAsync($"{api}/v1/policies/talent-chat")).RootElement.GetProperty("policy");
        var policy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(preset.GetRawText())!;
        policy["tiers"] = JsonSerializer.SerializeToElement(new[] { TierName });
        policy["claimThresholds"] = JsonSerializer.SerializeToElement(new Dictionary<string, int>());
        await EnsureAsync(await admin.PutAsJsonAsync($"{api}/v1/policies/{ChatPolicy}", new { family = "conversation", policy }));
        await EnsureAsync(await admin.PostAsJsonAsync($"{api}/v1/webhooks", new { url = hookUrl, eventTypes = new[] { "*" } }));
    }

    // Opens a conversation whose customer is left waiting: its one deadline falls due a tier from now.
    private static async Task OpenWaitAsync(HttpClient platform, string api, string id)
    {
        await EnsureAsync(await platform.PutAsJsonAsync($"{api}/v1/conversations/{id}", new { policy = ChatPolicy, owner = "agent-1", customer = $"cust-{id}" }));
        await EnsureAsync(await platform.PostAsJsonAsync($"{api}/v1/conversations/{id}/messages",
            new { messageId = $"{id}-m1", from = "customer", author = $"cust-{id}", text = "Where is my order?" }));
    }

    private static bool Breached(JsonElement conversation) =>
        conversation.GetProperty("breaches").TryGetProperty(TierName, out var count) && count.GetInt32() == 1;

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        using (response)
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static async Task PollAsync(string what, TimeSpan timeout, Func<Task<bool>> done)
    {
        var timer = Stopwatch.StartNew();
        while (!await done())
        {
            if (timer.Elapsed > timeout) throw new TimeoutException($"Not within {timeout}: {what}.");
            await Task.Delay(100);
        }
    }

    private async Task WithLogsAsync(TestCluster cluster, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            Print("node logs (tail):\n" + cluster.Logs());
            throw;
        }
    }

    private void Print(string text)
    {
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
