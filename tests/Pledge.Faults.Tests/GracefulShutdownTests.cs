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
/// Graceful shutdown (issue 7) on the Orleans runtime. A silo stopped with SIGTERM, as an orchestrator stops it,
/// leaves the cluster (its membership row turns Dead) and exits cleanly; its grains' state is already written, the
/// other silo takes over their reminders at once, so their deadlines fire on time rather than at a missed reminder
/// tick, and the webhooks it held in flight are sent again by the other silo. An api stopped with SIGTERM answers the
/// requests it is running, exits cleanly, and loses nothing it acknowledged.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    // A silo hands its grains over and leaves well before the host's 30 s shutdown timeout would cut it off; waited
    // for longer (SiloStopWait) so that a slow stop is measured and reported rather than only timed out.
    private static readonly TimeSpan SiloStopBound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SiloStopWait = TimeSpan.FromSeconds(60);

    // ---- silo ----------------------------------------------------------------------------------------------------
    private const string SiloTenant = "shutdown-silo";
    private const string ChatPolicy = "shutdown-chat";
    private const int Conversations = 8;

    // Far enough ahead that the second silo can start and the first be stopped before the deadlines fall due; near
    // enough to keep the test short.
    private const string TierName = "PT40S";

    // A deadline whose reminder was missed fires at the next tick, a minute later; handed over, it fires on time.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    // ---- api -----------------------------------------------------------------------------------------------------
    private const string ApiTenant = "shutdown-api";
    private const int Writers = 16;
    private const int AcknowledgedBeforeStop = 240;

    // Grain state: every accepted command writes its entity's row here before it is acknowledged.
    private const string GrainStateTable = "orleansstorage";

    [Fact(Timeout = 240_000)]
    public async Task A_silo_stopped_with_SIGTERM_leaves_the_cluster_and_the_other_silo_fires_its_deadlines_on_time_and_redelivers_its_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        await using var cluster = await TestCluster.StartAsync(apis: 1, silos: 1, new Dictionary<string, string>
        {
            // The receiver holds the first deliveries unanswered: they are still in flight when the silo is stopped.
            ["Pledge__Host__WebhookTimeout"] = "00:02:00",
        });
        await WithLogsAsync(cluster, () => SiloAsync(cluster, receiver));
    }

    [Fact(Timeout = 240_000)]
    public async Task An_api_stopped_with_SIGTERM_answers_the_requests_it_is_running_and_loses_nothing_it_acknowledged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await TestCluster.StartAsync(apis: 2, silos: 1);
        await WithLogsAsync(cluster, () => ApiAsync(cluster, receiver));
    }

    private async Task SiloAsync(TestCluster cluster, WebhookReceiver receiver)
    {
        var db = cluster.ConnectionString;
        var api = cluster.Apis[0].Url;
        var first = cluster.Silos[0];
        var (platformKey, adminKey) = await cluster.NewTenantAsync(SiloTenant);
        await SetUpSiloTenantAsync(api, adminKey, receiver.Url, ["*"]);
        using var platform = TestCluster.Client(platformKey, TimeSpan.FromSeconds(30));

        // ---- every grain lives on the first silo (the only one yet); its webhook POSTs are held in flight ----------
        var ids = Enumerable.Range(0, Conversations).Select(i => $"late-{i}").ToList();
        var dues = new List<DateTimeOffset>();
        foreach (var id in ids) dues.Add(await OpenWaitAsync(platform, api, id));
        var (firstDue, lastDue) = (dues.Min(), dues.Max());
        await PollAsync("the first silo has webhook deliveries that the receiver has not answered", TimeSpan.FromSeconds(30),
            () => Task.FromResult(receiver.Holding > 0));
        var reminders = await Database.RemindersAsync(db);

        var second = await cluster.StartSiloAsync();
        await PollAsync("both silos are active in the membership table", TimeSpan.FromSeconds(30), async () =>
            await Database.SiloStatusAsync(db, cluster.ClusterId, first.SiloPort!.Value) == Database.SiloStatus.Active
            && await Database.SiloStatusAsync(db, cluster.ClusterId, second.SiloPort!.Value) == Database.SiloStatus.Active);
        Assert.True(DateTimeOffset.UtcNow < firstDue - TimeSpan.FromSeconds(10),
            $"the set-up was too slow: the deadlines fall due at {firstDue:O}, before the silo could be stopped");
        var held = receiver.Requests.Select(r => r.EventId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var heldOpen = receiver.Holding;

        // ---- SIGTERM ------------------------------------------------------------------------------------------
        var stopping = Stopwatch.StartNew();
        var exitCode = await first.StopGracefullyAsync(SiloStopWait);
        var stopTook = stopping.Elapsed;
        Assert.Equal(0, exitCode);
        var status = await Database.SiloStatusAsync(db, cluster.ClusterId, first.SiloPort!.Value);
        Assert.True(status == Database.SiloStatus.Dead, $"{first.Name} left the cluster: its membership row has status {status} (Dead = {Database.SiloStatus.Dead})");
        Assert.True(DateTimeOffset.UtcNow < firstDue, "the silo was stopped before any deadline fell due");
        foreach (var id in ids)
            Assert.False(Breached(await platform.GetFromJsonAsync<JsonElement>($"{api}/v1/conversations/{id}")), $"{id} breached early");
        Assert.Empty(receiver.Answered);

        // ---- the other silo fires the deadlines on time and sends the held webhooks again -----------------------
        receiver.Release();
        await PollAsync($"every wait shows its {TierName} breach", lastDue - DateTimeOffset.UtcNow + Prompt + TimeSpan.FromSeconds(30), async () =>
        {
            foreach (var id in ids)
                if (!Breached(await platform.GetFromJsonAsync<JsonElement>($"{api}/v1/conversations/{id}"))) return false;
            return true;
        });
        await PollAsync("the receiver got every breach and every held delivery again", TimeSpan.FromSeconds(90), () =>
        {
            var answered = receiver.Answered.ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(held.IsSubsetOf(answered) && Breaches(receiver).Count == Conversations);
        });
        var breaches = Breaches(receiver);
        var latest = breaches.Max(b => b.Committed - b.Due);

        Print($"""
            == graceful shutdown of a silo ==
            {first.Name} hosted {Conversations} conversations (deadlines due {firstDue:O} .. {lastDue:O}; {reminders} reminders stored) and held {heldOpen} webhook POSTs open ({held.Count} events)
            SIGTERM -> exit code {exitCode} after {stopTook.TotalSeconds:F1} s; its membership row: status {status} (Dead)
            {second.Name} fired all {Conversations} breaches, the latest {latest.TotalSeconds:F1} s after its due time (bound {Prompt.TotalSeconds:F0} s; a missed reminder tick would be ~60 s)
            receiver answered {receiver.Answered.Count} deliveries ({receiver.Answered.Distinct().Count()} distinct events); all {held.Count} held events among them
            """);
        Assert.True(stopTook < SiloStopBound,
            $"{first.Name} took {stopTook.TotalSeconds:F1} s to stop after SIGTERM (bound {SiloStopBound.TotalSeconds:F0} s) while {heldOpen} webhook POSTs were held open: "
            + "a stopping silo should cancel its in-flight deliveries (they stay pending and the next activation sends them) rather than wait for them");
        Assert.All(breaches, b => Assert.True(b.Committed - b.Due < Prompt, $"{b.Id} fired {(b.Committed - b.Due).TotalSeconds:F1} s after its due time"));
        Assert.Equal(Conversations, breaches.Select(b => b.Id).Distinct().Count());
        Assert.False(second.HasExited);
    }

    // The wait_breached events the receiver answered: event id, due time and commit time.
    private static List<(string Id, DateTimeOffset Due, DateTimeOffset Committed)> Breaches(WebhookReceiver receiver) =>
        receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "wait_breached")
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("data").GetProperty("at").GetDateTimeOffset(), e.GetProperty("at").GetDateTimeOffset()))
            .DistinctBy(e => e.Item1)
            .ToList();

    private async Task ApiAsync(TestCluster cluster, WebhookReceiver receiver)
    {
        var db = cluster.ConnectionString;
        var (survivor, victim) = (cluster.Apis[0], cluster.Apis[1]);
        var (platformKey, adminKey) = await cluster.NewTenantAsync(ApiTenant);
        // What the tenant stored is read back from its message_received webhooks (each carries the message id).
        using (var admin = TestCluster.Client(adminKey, TimeSpan.FromSeconds(30)))
            await EnsureAsync(await admin.PostAsJsonAsync($"{survivor.Url}/v1/webhooks", new { url = receiver.Url, eventTypes = new[] { "message_received" } }));
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

            // A slow database: every writer's next request is inside the api, waiting on its grain's state write.
            var hold = await Database.HoldWritesAsync(db, GrainStateTable);
            try
            {
                // Other grains' writes wait on the table too (the webhook grain's deliveries, a sealed log page), so
                // the writers are all held only once, besides, no answer has arrived since the previous look.
                var seen = -1;
                await PollAsync($"all {Writers} writers have a request waiting inside the api", TimeSpan.FromSeconds(30), async () =>
                {
                    var answered = attempts.Count;
                    var held = await Database.WaitingWritersAsync(db, GrainStateTable) >= Writers && answered == seen;
                    seen = answered;
                    return held;
                });
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
        var ackedIds = acked.Select(a => a.MessageId).ToHashSet(StringComparer.Ordinal);
        await PollAsync("the receiver got a message_received event for every acknowledged message", TimeSpan.FromSeconds(60),
            () => Task.FromResult(ackedIds.IsSubsetOf(StoredMessages(receiver).Select(m => m.MessageId))));
        // Anything else the cluster stored (a request it committed but could not answer) arrives meanwhile.
        await receiver.QuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        var stored = StoredMessages(receiver).Select(m => m.MessageId).ToList();
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

    // One (event id, message id) per message_received event received, redeliveries of an event counted once.
    private static List<(string EventId, string MessageId)> StoredMessages(WebhookReceiver receiver) =>
        receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "message_received")
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("data").GetProperty("messageId").GetString()!))
            .DistinctBy(e => e.Item1)
            .ToList();

    private sealed record Attempt(int Writer, string MessageId, TimeSpan Sent, TimeSpan Ended, int? Status, string? Error);

    // A policy whose only tier is TierName and a webhook for the given event types to the receiver.
    private static async Task SetUpSiloTenantAsync(string api, string adminKey, string hookUrl, string[] eventTypes)
    {
        using var admin = TestCluster.Client(adminKey, TimeSpan.FromSeconds(30));
        var preset = JsonDocument.Parse(await admin.GetStringAsync($"{api}/v1/policies/talent-chat")).RootElement.GetProperty("policy");
        var policy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(preset.GetRawText())!;
        policy["tiers"] = JsonSerializer.SerializeToElement(new[] { TierName });
        policy["claimThresholds"] = JsonSerializer.SerializeToElement(new Dictionary<string, int>());
        await EnsureAsync(await admin.PutAsJsonAsync($"{api}/v1/policies/{ChatPolicy}", new { family = "conversation", policy }));
        await EnsureAsync(await admin.PostAsJsonAsync($"{api}/v1/webhooks", new { url = hookUrl, eventTypes }));
    }

    // Opens a conversation whose customer is left waiting; returns when its one deadline falls due (a tier from now).
    private static async Task<DateTimeOffset> OpenWaitAsync(HttpClient platform, string api, string id)
    {
        await EnsureAsync(await platform.PutAsJsonAsync($"{api}/v1/conversations/{id}", new { policy = ChatPolicy, owner = "agent-1", customer = $"cust-{id}" }));
        using var response = await platform.PostAsJsonAsync($"{api}/v1/conversations/{id}/messages",
            new { messageId = $"{id}-m1", from = "customer", author = $"cust-{id}", text = "Where is my order?" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"message to {id}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("openWait").GetProperty("deadlines")[0].GetProperty("at").GetDateTimeOffset();
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
