using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pledge.Testing;
using Xunit.Abstractions;

namespace Pledge.Faults.Tests;

/// <summary>
/// A 2-api + 2-silo cluster on a real PostgreSQL under concurrent load: one api and one silo node are killed with
/// kill -9, then PostgreSQL is restarted, then acknowledged requests are replayed. Nothing acknowledged may be lost,
/// nothing may be recorded twice, every deadline that fell due must have fired once, and the webhook receiver must
/// have seen every committed event of its types and nothing else.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int OperationsPerClient = 300;
    private const int Replays = 200;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    [Fact(Timeout = 300_000)]
    public async Task Nothing_acknowledged_is_lost_or_doubled_through_node_kills_and_a_database_restart()
    {
        var run = Stopwatch.StartNew();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await TestCluster.StartAsync(apis: 2, silos: 2);
        var started = run.Elapsed;
        try
        {
            await RunAsync(cluster, receiver, run, started);
        }
        catch
        {
            Print("node logs (tail):\n" + cluster.Logs());
            throw;
        }
    }

    private async Task RunAsync(TestCluster cluster, WebhookReceiver receiver, Stopwatch run, TimeSpan started)
    {
        const string tenant = "faults";
        var (platformKey, adminKey) = await cluster.NewTenantAsync(tenant);
        var secret = await SetUpTenantAsync(cluster.Apis[0].Url, adminKey, receiver.Url);

        // ---- load with faults -----------------------------------------------------------------------------------
        var stats = new LoadStats();
        var apiUrls = cluster.Apis.Select(a => a.Url).ToList();
        var done = 0;
        const int total = Clients * OperationsPerClient;
        var http = Enumerable.Range(0, Clients).Select(_ => TestCluster.Client(platformKey, TimeSpan.FromSeconds(10))).ToList();
        var loadTimer = Stopwatch.StartNew();
        var load = Task.WhenAll(Enumerable.Range(0, Clients).Select(c =>
            new Workload(c, new LoadClient(http[c], () => apiUrls, stats, TimeSpan.FromSeconds(60)), seed: 7919 * (c + 1))
                .RunAsync(OperationsPerClient, Pace, () => Interlocked.Increment(ref done))));

        async Task<int> ProgressAsync(double share)
        {
            while (Volatile.Read(ref done) < total * share && !load.IsCompleted) await Task.Delay(50);
            return Volatile.Read(ref done);
        }

        var faults = new List<string>();
        var killedAt = await ProgressAsync(0.25);
        var apiVictim = cluster.Apis[1];
        var siloVictim = cluster.Silos[1];
        apiVictim.KillHard();
        siloVictim.KillHard();
        faults.Add($"kill -9 {apiVictim.Name} and {siloVictim.Name} after {killedAt}/{total} operations");

        var outageAt = await ProgressAsync(0.5);
        var before503 = stats.Unavailable;
        await cluster.Postgres.StopAsync();
        var outageTimer = Stopwatch.StartNew();
        await Task.Delay(Outage);
        var during503 = stats.Unavailable - before503;
        await cluster.Postgres.StartServerAsync();
        var outageLasted = outageTimer.Elapsed;
        var recoveredAt = DateTimeOffset.UtcNow;
        faults.Add($"PostgreSQL stopped for {outageLasted.TotalSeconds:F1} s (fast shutdown, then restarted on the same port) after {outageAt}/{total} operations");

        await load;
        var loadLasted = loadTimer.Elapsed;
        foreach (var client in http) client.Dispose();
        Assert.True(killedAt < total && outageAt < total, $"the faults fell mid-load ({killedAt}, {outageAt} of {total})");
        Assert.True(apiVictim.HasExited && siloVictim.HasExited, "the killed nodes are gone");

        // ---- the survivors catch up by themselves ------------------------------------------------------------------
        using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            await cluster.Apis[0].WaitReadyAsync(probe, TimeSpan.FromSeconds(30));
            await cluster.Silos[0].WaitReadyAsync(probe, TimeSpan.FromSeconds(30));
        }
        // The last bookings' no-shows fall due up to 8 s + 2 s after the load; replays must not race them.
        var quiet = loadTimer.Elapsed - loadLasted;
        if (quiet < TimeSpan.FromSeconds(11)) await Task.Delay(TimeSpan.FromSeconds(11) - quiet);
        var settled = await SettleAsync(cluster.ConnectionString, TimeSpan.FromSeconds(60));

        // ---- replays of acknowledged requests change nothing ------------------------------------------------------
        var acks = stats.Acks.ToList();
        var sample = acks.OrderBy(_ => Random.Shared.Next()).Take(Replays).ToList();
        var before = await Database.FingerprintAsync(cluster.ConnectionString);
        var replayStats = new LoadStats();
        using (var replayHttp = TestCluster.Client(platformKey, TimeSpan.FromSeconds(10)))
        {
            var replayer = new LoadClient(replayHttp, () => apiUrls, replayStats, TimeSpan.FromSeconds(30));
            foreach (var ack in sample) await replayer.SendAsync(ack.Operation);
        }
        await SettleAsync(cluster.ConnectionString, TimeSpan.FromSeconds(30));
        var after = await Database.FingerprintAsync(cluster.ConnectionString);

        // ---- consistency ---------------------------------------------------------------------------------------
        var cutoff = DateTimeOffset.UtcNow.AddSeconds(-1);
        var report = await ConsistencyChecker.CheckAsync(cluster.ConnectionString, tenant, acks, receiver.Requests.ToList(), secret, cutoff);
        var ackedAfterOutage = acks.Count(a => a.At > recoveredAt);

        // The checker itself must notice a loss and a stray delivery: feed it one acknowledgement and one webhook
        // that never happened.
        var bogus = new Operation("message", "cv-0-0", "never-sent", HttpMethod.Post, "/v1/conversations/cv-0-0/messages", "{}");
        var stray = new WebhookReceiver.Received("{\"id\":\"conversation:faults/nope:1\"}", "conversation:faults/nope:1", null, null, "application/json");
        var control = await ConsistencyChecker.CheckAsync(cluster.ConnectionString, tenant, [.. acks, new Acknowledged(bogus, 200, DateTimeOffset.UtcNow)],
            [.. receiver.Requests, stray], secret, cutoff);
        Assert.Equal((1L, 1L, 1L), (control.Lost, control.WebhookForeign, control.BadSignatures));

        Print($"""
            == Pledge fault test (2 api + 2 silo, PostgreSQL on loopback) ==
            cluster started in {started.TotalSeconds:F1} s; whole run {run.Elapsed.TotalSeconds:F1} s
            load: {Clients} clients x {OperationsPerClient} operations (messages, bookings, complaint filings and actions) in {loadLasted.TotalSeconds:F1} s
              requests sent (incl. retries) {stats.Requests}, acknowledged {stats.Acknowledged}, refused 4xx {stats.Rejected}, given up {stats.GaveUp}
              connection errors/timeouts {stats.ConnectionErrors}, 503 {stats.Unavailable} ({during503} while PostgreSQL was down; without Retry-After {stats.UnavailableWithoutRetryAfter}; slowest {stats.Slowest503.TotalMilliseconds:F0} ms), other 5xx {stats.Unexpected5xx}
              acknowledged after the restart {ackedAfterOutage}
            faults: {string.Join("; ", faults)}
            settled after the load in {settled.TotalSeconds:F1} s
            replays: {sample.Count} acknowledged requests sent again: acknowledged {replayStats.Acknowledged}, refused {replayStats.Rejected}; database before {before}, after {after}
            compared:
            {string.Join("\n", report.Compared.Select(kv => $"  {kv.Key}: {kv.Value}"))}
            latest deadline firing: {report.LatestFiring.TotalSeconds:F1} s after its due time
            lost = {report.Lost}, doubled = {report.Doubled}, missed deadlines = {report.MissedDeadlines}, webhook events missing = {report.WebhookMissing}, foreign = {report.WebhookForeign}, bad signatures = {report.BadSignatures}
            """);
        foreach (var problem in report.Problems) Print("PROBLEM " + problem);
        foreach (var refusal in stats.Rejections.Take(10)) Print("refused: " + refusal);
        foreach (var error in stats.Unexpected.Take(10)) Print("5xx: " + error);

        Assert.Empty(report.Problems);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Doubled);
        Assert.Equal(0, report.MissedDeadlines);
        Assert.Equal(0, report.WebhookMissing + report.WebhookForeign + report.BadSignatures);
        Assert.Equal(0, stats.Unexpected5xx);
        Assert.True(during503 > 0, "requests answered 503 while PostgreSQL was down");
        Assert.Equal(0, stats.UnavailableWithoutRetryAfter);
        Assert.True(stats.Slowest503 < TimeSpan.FromSeconds(5), $"503s come fast (slowest {stats.Slowest503})");
        Assert.True(ackedAfterOutage > 0, "the cluster served requests again after the restart");
        Assert.True(stats.Acknowledged > total / 2, $"most of the load was acknowledged ({stats.Acknowledged} of {total})");
        Assert.True(report.Compared.GetValueOrDefault("deadlines due (wait breaches)") > 0, "some waits fell due during the run");
        Assert.True(report.Compared.GetValueOrDefault("deadlines due (no-shows)") > 0, "some no-shows fell due during the run");
        Assert.Equal(sample.Count, replayStats.Acknowledged);
        Assert.Equal(before, after);
    }

    // A tenant policy whose only tier is 2 s, a booking policy with a 2 s join grace and no reminders, and a webhook
    // to the loopback receiver; returns the webhook's secret.
    private static async Task<string> SetUpTenantAsync(string api, string adminKey, string receiverUrl)
    {
        using var admin = TestCluster.Client(adminKey, TimeSpan.FromSeconds(30));
        async Task PutPolicyAsync(string preset, string name, string family, Action<Dictionary<string, JsonElement>> change)
        {
            var policy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
                JsonDocument.Parse(await admin.GetStringAsync($"{api}/v1/policies/{preset}")).RootElement.GetProperty("policy").GetRawText())!;
            change(policy);
            var put = await admin.PutAsJsonAsync($"{api}/v1/policies/{name}", new { family, policy });
            Assert.True(put.IsSuccessStatusCode, $"{name}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }
        await PutPolicyAsync("talent-chat", Workload.ChatPolicy, "conversation", p =>
        {
            p["tiers"] = JsonDocument.Parse("[\"PT2S\"]").RootElement;
            p["claimThresholds"] = JsonDocument.Parse("{}").RootElement;
        });
        await PutPolicyAsync("support-desk-booking", Workload.BookingPolicy, "booking", p =>
        {
            p["reminders"] = JsonDocument.Parse("[]").RootElement;
            p["joinGrace"] = JsonDocument.Parse("\"PT2S\"").RootElement;
        });
        var hook = await admin.PostAsJsonAsync($"{api}/v1/webhooks", new { url = receiverUrl, eventTypes = ConsistencyChecker.SubscribedTypes });
        var body = await hook.Content.ReadAsStringAsync();
        Assert.True(hook.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"webhook: {(int)hook.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!;
    }

    // Waits until no deadline is overdue and no reaction or webhook delivery is pending.
    private static async Task<TimeSpan> SettleAsync(string connectionString, TimeSpan timeout)
    {
        var timer = Stopwatch.StartNew();
        while (true)
        {
            var backlog = await Database.BacklogAsync(connectionString);
            if (backlog == (0, 0, 0, 0)) return timer.Elapsed;
            if (timer.Elapsed > timeout)
                throw new TimeoutException($"the cluster did not catch up within {timeout}: overdue deadlines, reactions, outbox, deliveries = {backlog}");
            await Task.Delay(500);
        }
    }

    private void Print(string text)
    {
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
