using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.Tests.Toys;
using Pledge.Hosting.Webhooks;
using Pledge.Testing;

namespace Pledge.Hosting.Tests.Contract;

/// <summary>What every entity host must do; run against each host by a subclass.</summary>
public abstract class EntityHostContract
{
    /// <summary>Registers the host under test (its DI entry point) with <paramref name="configure"/> applied.</summary>
    protected abstract void AddHost(IServiceCollection services, Action<PledgeHostOptions> configure);

    /// <summary>Host-specific preparation once the container is built (e.g. migrations).</summary>
    protected virtual Task PrepareAsync(IServiceProvider services) => Task.CompletedTask;

    protected async Task<HostRig> StartAsync(Action<PledgeHostOptions>? configure = null, TimeProvider? realClock = null)
    {
        var clock = new ManualClock();
        var kind = Counters.Kind();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(realClock ?? clock);
        AddHost(services, o =>
        {
            o.AllowPrivateWebhookTargets = true;
            o.LeaseDuration = TimeSpan.FromSeconds(30);
            o.DeadlineLookahead = TimeSpan.FromSeconds(5);
            o.WebhookFirstBackoff = TimeSpan.FromSeconds(10);
            o.WebhookMaxBackoff = TimeSpan.FromMinutes(1);
            o.WebhookRetryFor = TimeSpan.FromMinutes(5);
            configure?.Invoke(o);
        });
        services.AddEntityKind(kind);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await PrepareAsync(provider);
        return new HostRig(provider, clock, kind);
    }

    [Fact]
    public async Task An_accepted_command_commits_state_events_and_version()
    {
        await using var rig = await StartAsync();
        var result = await rig.SendAsync("a", new Add(3));
        Assert.Null(result.Rejection);
        Assert.False(result.Duplicate);
        Assert.Equal([new Added(3)], result.Events);
        Assert.Equal(1, result.Snapshot!.Version);
        Assert.Equal(rig.Clock.GetUtcNow(), result.Snapshot.UpdatedAt);

        await rig.SendAsync("a", new Add(4));
        var stored = await rig.GetAsync("a");
        Assert.Equal(7, stored!.State.Total);
        Assert.Equal(2, stored.Version);
        Assert.Equal(rig.Id("a"), stored.Id);
        Assert.Null(await rig.GetAsync("never"));
    }

    [Fact]
    public async Task Commands_for_one_key_run_one_at_a_time_and_keys_do_not_interfere()
    {
        await using var rig = await StartAsync();
        const int perKey = 40;
        var keys = new[] { "hot", "warm", "cool" };
        await Task.WhenAll(keys.SelectMany(k => Enumerable.Range(0, perKey).Select(_ => Task.Run(() => rig.SendAsync(k, new Add(1))))));
        foreach (var key in keys)
        {
            var snapshot = await rig.GetAsync(key);
            Assert.Equal(perKey, snapshot!.State.Total);
            Assert.Equal(perKey, snapshot.Version);
            var history = await rig.Host.GetHistoryAsync("counter", rig.Id(key));
            Assert.Equal(Enumerable.Range(1, perKey).Select(i => (long)i), history.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task A_refused_command_writes_nothing()
    {
        await using var rig = await StartAsync();
        var fresh = await rig.SendAsync("new", new Refuse());
        Assert.Equal("refused", fresh.Rejection!.Code);
        Assert.Null(fresh.Snapshot);
        Assert.Null(await rig.GetAsync("new"));
        Assert.Empty(await rig.Host.GetHistoryAsync("counter", rig.Id("new")));

        await rig.SendAsync("a", new Add(1));
        var invalid = await rig.SendAsync("a", new Add(-5), "idem-1");
        Assert.Equal(RejectionKind.Invalid, invalid.Rejection!.Kind);
        Assert.Equal("amount", invalid.Rejection.Field);
        Assert.Empty(invalid.Events);
        Assert.Equal(1, (await rig.GetAsync("a"))!.Version);
        Assert.Single(await rig.Host.GetHistoryAsync("counter", rig.Id("a")));

        // The idempotency key of a refused command was not spent.
        var retried = await rig.SendAsync("a", new Add(5), "idem-1");
        Assert.False(retried.Duplicate);
        Assert.Equal(6, retried.Snapshot!.State.Total);
    }

    [Fact]
    public async Task An_idempotency_key_runs_its_command_once_per_entity()
    {
        await using var rig = await StartAsync();
        var first = await rig.SendAsync("a", new Add(2), "msg-1");
        var again = await rig.SendAsync("a", new Add(2), "msg-1");
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Empty(again.Events);
        Assert.Equal(2, again.Snapshot!.State.Total);
        Assert.Equal(1, again.Snapshot.Version);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => rig.SendAsync("b", new Add(1), "same"))));
        Assert.Equal(1, concurrent.Count(r => !r.Duplicate));
        Assert.Equal(1, (await rig.GetAsync("b"))!.State.Total);

        var other = await rig.SendAsync("c", new Add(2), "msg-1");
        Assert.False(other.Duplicate);
    }

    [Fact]
    public async Task History_is_the_append_only_log_in_order_and_pages()
    {
        await using var rig = await StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await rig.SendAsync("a", new Add(i));
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var all = await rig.Host.GetHistoryAsync("counter", rig.Id("a"));
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Sequence));
        Assert.All(all, e => Assert.Equal("added", e.Type));
        Assert.Equal("counter:" + rig.Tenant + "/a:3", all[2].EventId);
        Assert.Equal(new Added(3), JsonSerializer.Deserialize(all[2].Json, rig.Kind.EventJson));
        Assert.Equal(new ManualClock().GetUtcNow() + TimeSpan.FromSeconds(2), all[2].At);

        var page = await rig.Host.GetHistoryAsync("counter", rig.Id("a"), afterSequence: 2, limit: 2);
        Assert.Equal([3L, 4], page.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Lists_a_tenants_entities_by_status_in_key_order_with_paging()
    {
        await using var rig = await StartAsync();
        foreach (var (key, amount) in new[] { ("e", 1), ("b", 2), ("a", 1), ("d", 3), ("c", 4) })
            await rig.SendAsync(key, new Add(amount));
        await rig.Host.SendAsync(rig.Kind, new EntityId(rig.Tenant + "-other", "a0"), new Add(1));

        var odd = await rig.Host.ListAsync(rig.Kind, rig.Tenant, "odd", null, 2);
        Assert.Equal(["a", "d"], odd.Select(s => s.Id.Key));
        var next = await rig.Host.ListAsync(rig.Kind, rig.Tenant, "odd", "d", 2);
        Assert.Equal(["e"], next.Select(s => s.Id.Key));
        var all = await rig.Host.ListAsync(rig.Kind, rig.Tenant, null, null, 10);
        Assert.Equal(["a", "b", "c", "d", "e"], all.Select(s => s.Id.Key));
        Assert.Empty(await rig.Host.ListAsync(rig.Kind, rig.Tenant, "odd", "e", 10));
    }

    [Fact]
    public async Task A_deadline_fires_once_at_its_due_time()
    {
        await using var rig = await StartAsync();
        var due = rig.Clock.GetUtcNow().AddMinutes(1);
        await rig.SendAsync("a", new Arm("t", due));
        var scheduler = rig.Scheduler("node-a");

        await scheduler.RunOnceAsync();
        Assert.Equal(0, (await rig.GetAsync("a"))!.State.Ticks);

        rig.Clock.AdvanceTo(due);
        await scheduler.RunOnceAsync();
        await scheduler.WhenIdleAsync();
        await scheduler.RunOnceAsync();
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        await scheduler.RunOnceAsync();
        await scheduler.WhenIdleAsync();

        var state = (await rig.GetAsync("a"))!;
        Assert.Equal(1, state.State.Ticks);
        Assert.Empty(state.Deadlines);
        var ticked = (await rig.Host.GetHistoryAsync("counter", rig.Id("a"))).Single(e => e.Type == "ticked");
        Assert.Equal(due, ticked.At);
        scheduler.Dispose();
    }

    [Fact]
    public async Task A_deadline_due_within_the_lookahead_fires_from_its_timer()
    {
        await using var rig = await StartAsync();
        var due = rig.Clock.GetUtcNow().AddSeconds(3);
        await rig.SendAsync("a", new Arm("soon", due));
        var scheduler = rig.Scheduler("node-a");
        var fired = new TaskCompletionSource<FireOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Fired += (_, outcome) => fired.TrySetResult(outcome);

        Assert.Equal(1, await scheduler.RunOnceAsync());
        Assert.Equal(1, scheduler.ArmedCount);
        rig.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(fired.Task.IsCompleted);
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(FireOutcome.Fired, await fired.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var ticked = (await rig.Host.GetHistoryAsync("counter", rig.Id("a"))).Single(e => e.Type == "ticked");
        Assert.Equal(due, ticked.At);
        scheduler.Dispose();
    }

    [Fact]
    public async Task A_deadline_the_entity_no_longer_lists_is_ignored()
    {
        await using var rig = await StartAsync();
        var first = rig.Clock.GetUtcNow().AddMinutes(1);
        var moved = first.AddMinutes(1);
        await rig.SendAsync("a", new Arm("t", first));
        await rig.SendAsync("a", new Arm("t", moved));
        await rig.SendAsync("b", new Arm("t", first));
        await rig.SendAsync("b", new Disarm("t"));

        Assert.Equal(FireOutcome.Stale, await rig.Deadlines.FireAsync(new DueDeadline("counter", rig.Id("a"), new Deadline("t", first))));
        Assert.Equal(FireOutcome.Stale, await rig.Deadlines.FireAsync(new DueDeadline("counter", rig.Id("b"), new Deadline("t", first))));
        Assert.Equal(FireOutcome.Stale, await rig.Deadlines.FireAsync(new DueDeadline("counter", rig.Id("nobody"), new Deadline("t", first))));
        Assert.Equal(0, (await rig.GetAsync("a"))!.State.Ticks);
        Assert.Equal(2, (await rig.GetAsync("a"))!.Version);

        var scheduler = rig.Scheduler("node-a");
        rig.Clock.AdvanceTo(first);
        await scheduler.RunOnceAsync();
        await scheduler.WhenIdleAsync();
        Assert.Equal(0, (await rig.GetAsync("a"))!.State.Ticks);
        rig.Clock.AdvanceTo(moved);
        await scheduler.RunOnceAsync();
        await scheduler.WhenIdleAsync();
        Assert.Equal(1, (await rig.GetAsync("a"))!.State.Ticks);
        Assert.Equal(0, (await rig.GetAsync("b"))!.State.Ticks);

        // Firing the same deadline again changes nothing.
        Assert.Equal(FireOutcome.Stale, await rig.Deadlines.FireAsync(new DueDeadline("counter", rig.Id("a"), new Deadline("t", moved))));
        Assert.Equal(1, (await rig.GetAsync("a"))!.State.Ticks);
        scheduler.Dispose();
    }

    [Fact]
    public async Task Deadlines_round_trip_to_the_exact_tick_and_offset()
    {
        await using var rig = await StartAsync();
        var due = rig.Clock.GetUtcNow().AddMinutes(1).AddTicks(1234567).ToOffset(TimeSpan.FromHours(2));
        await rig.SendAsync("a", new Arm("odd", due));
        var stored = (await rig.GetAsync("a"))!.Deadlines.Single();
        Assert.Equal(due.Ticks, stored.DueAt.Ticks);
        Assert.Equal(due.Offset, stored.DueAt.Offset);

        var scheduler = rig.Scheduler("node-a");
        rig.Clock.AdvanceTo(due);
        await scheduler.RunOnceAsync();
        await scheduler.WhenIdleAsync();
        Assert.Equal(1, (await rig.GetAsync("a"))!.State.Ticks);
        scheduler.Dispose();
    }

    [Fact]
    public async Task A_crashed_nodes_deadlines_are_taken_over_when_its_lease_ends()
    {
        await using var rig = await StartAsync();
        var due = rig.Clock.GetUtcNow().AddSeconds(4);
        await rig.SendAsync("a", new Arm("t", due));
        var crashed = rig.Scheduler("node-crashed");
        var survivor = rig.Scheduler("node-survivor");
        var fired = 0;
        survivor.Fired += (_, o) => { if (o == FireOutcome.Fired) Interlocked.Increment(ref fired); };

        Assert.Equal(1, await crashed.RunOnceAsync());
        crashed.Dispose(); // dies holding the lease, timers gone

        rig.Clock.AdvanceTo(due);
        Assert.Equal(0, await survivor.RunOnceAsync());
        Assert.Equal(0, (await rig.GetAsync("a"))!.State.Ticks);

        rig.Clock.Advance(rig.Options.LeaseDuration);
        Assert.Equal(1, await survivor.RunOnceAsync());
        await survivor.WhenIdleAsync();
        Assert.Equal(0, await survivor.RunOnceAsync());
        Assert.Equal(1, fired);
        Assert.Equal(1, (await rig.GetAsync("a"))!.State.Ticks);
        survivor.Dispose();
    }

    [Fact]
    public async Task A_node_that_stops_gracefully_hands_its_deadlines_over_at_once()
    {
        await using var rig = await StartAsync();
        var due = rig.Clock.GetUtcNow().AddSeconds(4);
        await rig.SendAsync("a", new Arm("t", due));
        var leaving = rig.Scheduler("node-leaving");
        var staying = rig.Scheduler("node-staying");
        Assert.Equal(1, await leaving.RunOnceAsync());
        await leaving.StopAsync(CancellationToken.None);

        rig.Clock.AdvanceTo(due);
        Assert.Equal(1, await staying.RunOnceAsync());
        await staying.WhenIdleAsync();
        Assert.Equal(1, (await rig.GetAsync("a"))!.State.Ticks);
        leaving.Dispose();
        staying.Dispose();
    }

    [Fact]
    public async Task Reactions_reach_their_target_once()
    {
        await using var rig = await StartAsync();
        var result = await rig.SendAsync("source", new Forward("target", 5));
        Assert.Null(await rig.GetAsync("target"));

        Assert.Equal(1, await rig.ReactionDispatcher.RunOnceAsync());
        Assert.Equal(0, await rig.ReactionDispatcher.RunOnceAsync());
        Assert.Equal(5, (await rig.GetAsync("target"))!.State.Total);

        // A redelivery carries the same idempotency key and changes nothing.
        var eventId = $"counter:{rig.Tenant}/source:{result.Snapshot!.Version}";
        var redelivered = await rig.SendAsync("target", new Add(5), $"{eventId}>counter/target");
        Assert.True(redelivered.Duplicate);
        Assert.Equal(5, (await rig.GetAsync("target"))!.State.Total);
    }

    [Fact]
    public async Task Webhook_endpoints_are_registered_listed_and_deleted_per_tenant()
    {
        await using var rig = await StartAsync();
        var created = await rig.Webhooks.CreateAsync(rig.Tenant, "https://example.com/hooks", ["added", "ticked"]);
        Assert.StartsWith("whsec_", created.Secret);
        Assert.Equal(["added", "ticked"], created.Endpoint.EventTypes);
        Assert.Equal([created.Endpoint], await rig.Webhooks.ListAsync(rig.Tenant));
        Assert.Empty(await rig.Webhooks.ListAsync(rig.Tenant + "-other"));
        Assert.Null(await rig.Webhooks.GetAsync(rig.Tenant + "-other", created.Endpoint.Id));
        Assert.False(await rig.Webhooks.DeleteAsync(rig.Tenant + "-other", created.Endpoint.Id));
        Assert.True(await rig.Webhooks.DeleteAsync(rig.Tenant, created.Endpoint.Id));
        Assert.Empty(await rig.Webhooks.ListAsync(rig.Tenant));

        var badUrl = await Assert.ThrowsAsync<HostRejectionException>(() => rig.Webhooks.CreateAsync(rig.Tenant, "ftp://x/y", ["*"]));
        Assert.Equal("url", badUrl.Rejection.Field);
        var noTypes = await Assert.ThrowsAsync<HostRejectionException>(() => rig.Webhooks.CreateAsync(rig.Tenant, "https://example.com", []));
        Assert.Equal("eventTypes", noTypes.Rejection.Field);
        Assert.Empty(await rig.Webhooks.ListAsync(rig.Tenant));
    }

    [Fact]
    public async Task Webhooks_are_delivered_signed_and_filtered_by_event_type()
    {
        await using var rig = await StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var all = await rig.Webhooks.CreateAsync(rig.Tenant, receiver.Url + "?all", ["*"]);
        var onlyTicks = await rig.Webhooks.CreateAsync(rig.Tenant, receiver.Url + "?ticks", ["ticked"]);
        await rig.SendAsync("a", new Add(2));

        Assert.Equal(1, await rig.WebhookDispatcher.RunOnceAsync());
        Assert.Equal(0, await rig.WebhookDispatcher.RunOnceAsync());
        var request = Assert.Single(receiver.Requests);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal($"counter:{rig.Tenant}/a:1", request.EventId);
        Assert.True(WebhookSignature.Verify(all.Secret, request.Timestamp!, request.Body, request.Signature, rig.Clock.GetUtcNow()));
        Assert.False(WebhookSignature.Verify(onlyTicks.Secret, request.Timestamp!, request.Body, request.Signature));
        Assert.False(WebhookSignature.Verify(all.Secret, request.Timestamp!, request.Body + " ", request.Signature));

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(request.EventId, root.GetProperty("id").GetString());
        Assert.Equal("added", root.GetProperty("type").GetString());
        Assert.Equal(rig.Tenant, root.GetProperty("tenant").GetString());
        Assert.Equal("counter", root.GetProperty("entity").GetProperty("kind").GetString());
        Assert.Equal("a", root.GetProperty("entity").GetProperty("key").GetString());
        Assert.Equal(1, root.GetProperty("sequence").GetInt64());
        Assert.Equal(rig.Clock.GetUtcNow(), root.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(2, root.GetProperty("data").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_with_backoff_then_delivered()
    {
        await using var rig = await StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await rig.Webhooks.CreateAsync(rig.Tenant, receiver.Url, ["*"]);
        await rig.SendAsync("a", new Add(1));

        receiver.Status = 503;
        Assert.Equal(1, await rig.WebhookDispatcher.RunOnceAsync());
        Assert.Equal(0, await rig.WebhookDispatcher.RunOnceAsync()); // not yet due again

        receiver.Status = 200;
        rig.Clock.Advance(rig.Options.WebhookFirstBackoff * 1.25);
        Assert.Equal(1, await rig.WebhookDispatcher.RunOnceAsync());
        rig.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await rig.WebhookDispatcher.RunOnceAsync());
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.EventId).Distinct());
        Assert.Empty(await rig.Webhooks.ListDeadLettersAsync(rig.Tenant, null, 10));
    }

    [Fact]
    public async Task A_webhook_failing_for_the_whole_retry_period_becomes_a_dead_letter()
    {
        await using var rig = await StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        var endpoint = await rig.Webhooks.CreateAsync(rig.Tenant, receiver.Url, ["*"]);
        await rig.SendAsync("a", new Add(1));
        await rig.SendAsync("b", new Add(1));

        var start = rig.Clock.GetUtcNow();
        var attempts = 0;
        while (rig.Clock.GetUtcNow() - start < rig.Options.WebhookRetryFor + rig.Options.WebhookMaxBackoff * 2)
        {
            attempts += await rig.WebhookDispatcher.RunOnceAsync();
            rig.Clock.Advance(TimeSpan.FromSeconds(5));
        }
        var dead = await rig.Webhooks.ListDeadLettersAsync(rig.Tenant, null, 10);
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.Equal(endpoint.Endpoint.Id, d.EndpointId));
        Assert.All(dead, d => Assert.True(d.DeadAt - d.CreatedAt >= rig.Options.WebhookRetryFor));
        Assert.All(dead, d => Assert.Equal("HTTP 500", d.LastError));
        Assert.Equal(attempts, dead.Sum(d => d.Attempts));
        Assert.Equal(attempts, receiver.Requests.Count);
        Assert.InRange(attempts, 2 * 4, 2 * 20);

        var page = await rig.Webhooks.ListDeadLettersAsync(rig.Tenant, dead[0].Id, 10);
        Assert.Equal([dead[1]], page);
        Assert.Empty(await rig.Webhooks.ListDeadLettersAsync(rig.Tenant + "-other", null, 10));
        Assert.Equal(0, await rig.WebhookDispatcher.RunOnceAsync());
    }
    [Fact]
    public async Task A_webhook_claimed_by_a_crashed_node_is_delivered_when_its_lease_ends()
    {
        await using var rig = await StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await rig.Webhooks.CreateAsync(rig.Tenant, receiver.Url, ["*"]);
        await rig.SendAsync("a", new Add(1));
        var queue = rig.Services.GetRequiredService<IWebhookQueue>();
        var now = rig.Clock.GetUtcNow();
        await queue.FanOutAsync(now, 100);
        Assert.Single(await queue.ClaimDeliveriesAsync("node-crashed", now, now + rig.Options.LeaseDuration, 10));

        Assert.Equal(0, await rig.WebhookDispatcher.RunOnceAsync());
        rig.Clock.Advance(rig.Options.LeaseDuration);
        Assert.Equal(1, await rig.WebhookDispatcher.RunOnceAsync());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Running_services_fire_a_near_deadline_on_the_real_clock_and_send_its_webhook()
    {
        await using var rig = await StartAsync(o => o.PollInterval = TimeSpan.FromSeconds(30), TimeProvider.System);
        await using var receiver = await WebhookReceiver.StartAsync();
        var hosted = rig.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToArray();
        foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
        try
        {
            var endpoint = await rig.Webhooks.CreateAsync(rig.Tenant, receiver.Url, ["ticked"]);
            var fired = new TaskCompletionSource<DueDeadline>(TaskCreationOptions.RunContinuationsAsynchronously);
            rig.Services.GetRequiredService<DeadlineScheduler>().Fired += (d, o) => { if (o == FireOutcome.Fired) fired.TrySetResult(d); };

            // Well inside the poll interval: only the wake-up on commit can get it fired in time.
            var due = TimeProvider.System.GetUtcNow().AddMilliseconds(400);
            await rig.SendAsync("a", new Arm("soon", due));
            var d = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("soon", d.Deadline.Name);
            Assert.True(TimeProvider.System.GetUtcNow() >= due);
            Assert.Equal(1, (await rig.GetAsync("a"))!.State.Ticks);

            await receiver.WaitForRequestAsync(TimeSpan.FromSeconds(10));
            var request = Assert.Single(receiver.Requests);
            Assert.Contains("\"type\":\"ticked\"", request.Body);
            Assert.True(WebhookSignature.Verify(endpoint.Secret, request.Timestamp!, request.Body, request.Signature, DateTimeOffset.UtcNow));
        }
        finally
        {
            foreach (var service in hosted.Reverse()) await service.StopAsync(CancellationToken.None);
        }
    }
}
