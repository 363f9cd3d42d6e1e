using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pledge.Testing;
using Xunit.Abstractions;

namespace Pledge.Faults.Tests;

/// <summary>
/// A 2-api + 2-silo Orleans cluster on a real PostgreSQL under concurrent load: one api and one silo are killed with
/// kill -9, then PostgreSQL is restarted, then acknowledged requests are replayed. Nothing acknowledged may be lost,
/// nothing may be recorded twice, every deadline that fell due must have fired once — those due while the killed
/// silo was not yet declared dead or PostgreSQL was down within 90 s of their due time — and the webhook receiver
/// must have seen every committed event and nothing else. All of it is read through the REST API and the webhooks.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int OperationsPerClient = 300;
    private const int Replays = 200;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    // A deadline that falls due while its grain's silo is dead but not yet declared so, or while PostgreSQL is down,
    // fires at its reminder's next tick once a live silo holds the reminder: the bound the design promises.
    private static readonly TimeSpan OutageLatenessBound = TimeSpan.FromSeconds(90);

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
        var killedTime = DateTimeOffset.UtcNow;
        apiVictim.KillHard();
        siloVictim.KillHard();
        faults.Add($"kill -9 {apiVictim.Name} and {siloVictim.Name} at {killedTime:HH:mm:ss.f} after {killedAt}/{total} operations");
        // The membership declares the killed silo dead once the survivor's probes go unanswered; the survivor then
        // takes over its share of the reminders. Watched in the background, through the PostgreSQL outage too.
        var declaredDead = WatchForDeathAsync(cluster, siloVictim, TimeSpan.FromSeconds(150));

        var outageAt = await ProgressAsync(0.5);
        var before503 = stats.Unavailable;
        var outageStart = DateTimeOffset.UtcNow;
        await cluster.Postgres.StopAsync();
        var outageTimer = Stopwatch.StartNew();
        await Task.Delay(Outage);
        var during503 = stats.Unavailable - before503;
        await cluster.Postgres.StartServerAsync();
        var outageLasted = outageTimer.Elapsed;
        var recoveredAt = DateTimeOffset.UtcNow;
        faults.Add($"PostgreSQL stopped at {outageStart:HH:mm:ss.f} for {outageLasted.TotalSeconds:F1} s (fast shutdown, then restarted on the same port) after {outageAt}/{total} operations");

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
        var deadAt = await declaredDead;
        faults.Add($"{siloVictim.Name} declared dead in the membership table {(deadAt - killedTime).TotalSeconds:F1} s after the kill");
        var outageEnd = deadAt > recoveredAt ? deadAt : recoveredAt;
        var acks = stats.Acks.ToList();
        using var reader = TestCluster.Client(platformKey, TimeSpan.FromSeconds(10));
        var survivor = cluster.Apis[0].Url;
        // The last bookings' no-shows fall due up to 8 s + 2 s after the load; replays must not race them.
        var quiet = loadTimer.Elapsed - loadLasted;
        if (quiet < TimeSpan.FromSeconds(11)) await Task.Delay(TimeSpan.FromSeconds(11) - quiet);
        var settled = await SettleAsync(reader, survivor, tenant, acks, receiver, secret, TimeSpan.FromSeconds(150));

        // ---- replays of acknowledged requests change nothing ------------------------------------------------------
        var sample = acks.OrderBy(_ => Random.Shared.Next()).Take(Replays).ToList();
        var seenBefore = receiver.Requests.Select(r => r.EventId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var before = await ConsistencyChecker.FingerprintAsync(reader, survivor, acks, receiver.Requests.ToList());
        var replayStats = new LoadStats();
        using (var replayHttp = TestCluster.Client(platformKey, TimeSpan.FromSeconds(10)))
        {
            var replayer = new LoadClient(replayHttp, () => apiUrls, replayStats, TimeSpan.FromSeconds(30));
            foreach (var ack in sample) await replayer.SendAsync(ack.Operation);
        }
        // A replay that recorded anything would show as a new webhook within a moment: wait for the stream to stay quiet.
        await receiver.QuietAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
        var after = await ConsistencyChecker.FingerprintAsync(reader, survivor, acks, receiver.Requests.ToList());
        if (before != after)
            foreach (var r in receiver.Requests.Where(r => r.EventId is { } id && !seenBefore.Contains(id)).DistinctBy(r => r.EventId).Take(12))
                Print($"after the replays: {r.EventId} {r.Body[..Math.Min(300, r.Body.Length)]}");

        // ---- consistency ---------------------------------------------------------------------------------------
        var cutoff = DateTimeOffset.UtcNow.AddSeconds(-1);
        var report = await ConsistencyChecker.CheckAsync(reader, survivor, tenant, acks, receiver.Requests.ToList(), secret, cutoff);
        var ackedAfterOutage = acks.Count(a => a.At > recoveredAt);
        var dueInOutage = report.Firings.Where(f => f.Due >= killedTime && f.Due <= outageEnd).ToList();
        var outageLateness = dueInOutage.Count == 0 ? TimeSpan.Zero : dueInOutage.Max(f => f.Lateness);

        // The checker itself must notice a loss and a stray delivery: feed it one acknowledgement and one webhook
        // that never happened.
        var bogus = new Operation("message", "cv-0-0", "never-sent", HttpMethod.Post, "/v1/conversations/cv-0-0/messages", "{}");
        var stray = new WebhookReceiver.Received("{\"id\":\"conversation:faults/nope:1\"}", "conversation:faults/nope:1", null, null, "application/json");
        var control = await ConsistencyChecker.CheckAsync(reader, survivor, tenant, [.. acks, new Acknowledged(bogus, 200, DateTimeOffset.UtcNow)],
            [.. receiver.Requests, stray], secret, cutoff);
        Assert.Equal((1L, 1L, 1L), (control.Lost, control.WebhookForeign, control.BadSignatures));

        Print($"""
            == Pledge fault test (2 api + 2 Orleans silos, PostgreSQL on loopback) ==
            cluster started in {started.TotalSeconds:F1} s; whole run {run.Elapsed.TotalSeconds:F1} s
            load: {Clients} clients x {OperationsPerClient} operations (messages, bookings, complaint filings and actions) in {loadLasted.TotalSeconds:F1} s
              requests sent (incl. retries) {stats.Requests}, acknowledged {stats.Acknowledged}, refused 4xx {stats.Rejected}, given up {stats.GaveUp}
              connection errors/timeouts {stats.ConnectionErrors}, 503 {stats.Unavailable} ({during503} while PostgreSQL was down; without Retry-After {stats.UnavailableWithoutRetryAfter}; slowest {stats.Slowest503.TotalMilliseconds:F0} ms, sent at {stats.Slowest503SentAt:HH:mm:ss.f}), other 5xx {stats.Unexpected5xx}
              acknowledged after the restart {ackedAfterOutage}
            faults: {string.Join("; ", faults)}
            settled after the load in {settled.TotalSeconds:F1} s
            replays: {sample.Count} acknowledged requests sent again: acknowledged {replayStats.Acknowledged}, refused {replayStats.Rejected}; (events, sequence sum, views) before {before}, after {after}
            compared:
            {string.Join("\n", report.Compared.Select(kv => $"  {kv.Key}: {kv.Value}"))}
            latest deadline firing: {report.LatestFiring.TotalSeconds:F1} s after its due time ({report.Firings.Count} firings)
            deadlines due during the outage ({killedTime:HH:mm:ss.f} .. {outageEnd:HH:mm:ss.f}, kill to max(death declared, PostgreSQL back)): {dueInOutage.Count}, max lateness {outageLateness.TotalSeconds:F1} s (bound {OutageLatenessBound.TotalSeconds:F0} s)
            lost = {report.Lost}, doubled = {report.Doubled}, missed deadlines = {report.MissedDeadlines}, webhook events missing = {report.WebhookMissing}, foreign = {report.WebhookForeign}, bad signatures = {report.BadSignatures}
            """);
        foreach (var problem in report.Problems) Print("PROBLEM " + problem);
        foreach (var refusal in stats.Rejections.Take(10)) Print("refused: " + refusal);
        foreach (var error in stats.Unexpected.Take(10)) Print("5xx: " + error);
        if (stats.Unexpected5xx > 0)
        {
            // What the api nodes logged as failures says why a request was answered 5xx.
            var lines = cluster.Apis.SelectMany(a => a.Failures).ToArray();
            foreach (var at in Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("fail:", StringComparison.Ordinal)).Take(5))
                Print("api log: " + string.Join(" | ", lines.Skip(at).Take(4).Select(l => l.Trim())));
        }

        Assert.Empty(report.Problems);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Doubled);
        Assert.Equal(0, report.MissedDeadlines);
        Assert.Equal(0, report.WebhookMissing + report.WebhookForeign + report.BadSignatures);
        Assert.Equal(0, stats.Unexpected5xx);
        Assert.True(during503 > 0, "requests answered 503 while PostgreSQL was down");
        Assert.Equal(0, stats.UnavailableWithoutRetryAfter);
        Assert.True(stats.Slowest503 < TimeSpan.FromSeconds(5), $"503s come fast (slowest {stats.Slowest503}, sent at {stats.Slowest503SentAt:HH:mm:ss.f})");
        Assert.True(ackedAfterOutage > 0, "the cluster served requests again after the restart");
        Assert.True(stats.Acknowledged > total / 2, $"most of the load was acknowledged ({stats.Acknowledged} of {total})");
        Assert.True(report.Compared.GetValueOrDefault("deadlines due (wait breaches)") > 0, "some waits fell due during the run");
        Assert.True(report.Compared.GetValueOrDefault("deadlines due (no-shows)") > 0, "some no-shows fell due during the run");
        Assert.Equal(sample.Count, replayStats.Acknowledged);
        Assert.Equal(before, after);
        Assert.True(dueInOutage.Count > 0, "some deadlines fell due during the outage");
        Assert.True(outageLateness <= OutageLatenessBound,
            $"deadlines due during the outage fired within {OutageLatenessBound.TotalSeconds:F0} s (latest {outageLateness.TotalSeconds:F1} s: "
            + string.Join(", ", dueInOutage.OrderByDescending(f => f.Lateness).Take(3).Select(f => $"{f.Entity} due {f.Due:HH:mm:ss.f}, fired {f.Committed:HH:mm:ss.f}")) + ")");
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
        // Every event type: the receiver's records are then the tenant's whole event stream, which the checker reads.
        var hook = await admin.PostAsJsonAsync($"{api}/v1/webhooks", new { url = receiverUrl, eventTypes = ConsistencyChecker.SubscribedTypes });
        var body = await hook.Content.ReadAsStringAsync();
        Assert.True(hook.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"webhook: {(int)hook.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!;
    }

    // Waits until the API shows nothing overdue and the receiver has every event the views account for.
    private static async Task<TimeSpan> SettleAsync(HttpClient http, string api, string tenant, IReadOnlyCollection<Acknowledged> acks,
        WebhookReceiver receiver, string secret, TimeSpan timeout)
    {
        var timer = Stopwatch.StartNew();
        while (true)
        {
            var report = await ConsistencyChecker.CheckAsync(http, api, tenant, acks, receiver.Requests.ToList(), secret, DateTimeOffset.UtcNow.AddSeconds(-1));
            if (report.Settled) return timer.Elapsed;
            if (timer.Elapsed > timeout)
                throw new TimeoutException($"the cluster did not catch up within {timeout}: missed deadlines {report.MissedDeadlines}, webhook events missing {report.WebhookMissing}\n"
                    + string.Join("\n", report.Problems.Take(20)));
            await Task.Delay(1000);
        }
    }

    // Polls the membership table until the killed silo's row is Dead; the database may be down meanwhile.
    private static async Task<DateTimeOffset> WatchForDeathAsync(TestCluster cluster, ClusterNode silo, TimeSpan timeout)
    {
        var timer = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await Database.SiloStatusAsync(cluster.ConnectionString, cluster.ClusterId, silo.SiloPort!.Value) == Database.SiloStatus.Dead)
                    return DateTimeOffset.UtcNow;
            }
            catch (Npgsql.NpgsqlException) { }
            catch (System.Net.Sockets.SocketException) { }
            if (timer.Elapsed > timeout)
                throw new TimeoutException($"{silo.Name} (silo port {silo.SiloPort}) was not declared dead within {timeout}");
            await Task.Delay(250);
        }
    }

    private void Print(string text)
    {
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
