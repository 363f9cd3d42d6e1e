using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Pledge.Grains.Webhooks;
using Pledge.Abstractions;
using Pledge.Hosting;
using Pledge.Hosting.Webhooks;
using Pledge.Service.Webhooks;
using Pledge.Testing;

namespace Pledge.Grains.Tests.Webhooks;

[Collection(GrainClusterCollection.Name)]
public sealed class WebhookGrainTests(GrainCluster cluster)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static string NewTenant() => "wh-" + Guid.NewGuid().ToString("N")[..8];

    private IWebhookGrain Grain(string tenant) => cluster.Cluster.Client.GetGrain<IWebhookGrain>(tenant);

    private static WebhookEvent Event(string id, string type = "case.opened") =>
        new(id, type, "{\"type\":\"" + type + "\",\"data\":{\"caseId\":\"c-1\",\"note\":\"private words\"}}");

    private static long Seconds(WebhookReceiver.Received r) => long.Parse(r.Timestamp!, CultureInfo.InvariantCulture);

    private Task<int> PendingAsync(string tenant) => Grain(tenant).PendingCountAsync();

    [Fact]
    public async Task A_published_event_reaches_a_subscribed_endpoint_signed_and_not_an_unsubscribed_one()
    {
        await using var subscribed = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        var tenant = NewTenant();
        var store = new GrainWebhookStore(cluster.Cluster.Client);
        var created = await store.CreateAsync(tenant, subscribed.Url, ["case.opened"]);
        await store.CreateAsync(tenant, other.Url, ["booking.made"]);

        var e = Event("ev-1");
        await Grain(tenant).PublishAsync([e]);

        await subscribed.WaitForRequestAsync(Wait);
        await Until.ReachesAsync(() => PendingAsync(tenant), n => n == 0, "the delivery");
        var got = Assert.Single(subscribed.Requests);
        Assert.Equal(e.Body, got.Body);
        Assert.Equal("ev-1", got.EventId);
        Assert.StartsWith("application/json", got.ContentType);
        Assert.True(WebhookSignature.Verify(created.Secret, got.Timestamp!, got.Body, got.Signature, cluster.Clock.GetUtcNow()), "bad signature");
        Assert.False(WebhookSignature.Verify("whsec_other", got.Timestamp!, got.Body, got.Signature));
        Assert.Empty(other.Requests);
        Assert.Equal(tenant, created.Endpoint.Tenant);
        Assert.Equal(created.Endpoint, await store.GetAsync(tenant, created.Endpoint.Id));
        Assert.Equal(2, (await store.ListAsync(tenant)).Count);
    }

    [Fact]
    public async Task A_repeated_event_id_is_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = NewTenant();
        await Grain(tenant).CreateAsync(receiver.Url, ["*"]);

        await Grain(tenant).PublishAsync([Event("ev-1"), Event("ev-1")]);
        await Grain(tenant).PublishAsync([Event("ev-1")]);
        await Until.ReachesAsync(() => PendingAsync(tenant), n => n == 0, "the delivery");
        await Grain(tenant).PublishAsync([Event("ev-1"), Event("ev-2")]);
        await Until.ReachesAsync(() => PendingAsync(tenant), n => n == 0, "the second delivery");

        // Pending is zero only after each POST was answered, so every delivery made is in the receiver by now.
        Assert.Equal(["ev-1", "ev-2"], receiver.Requests.Select(r => r.EventId).Order());
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_after_a_backoff_on_the_grain_clock_and_then_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        var tenant = NewTenant();
        var created = await Grain(tenant).CreateAsync(receiver.Url, ["case.opened"]);

        await Grain(tenant).PublishAsync([Event("ev-1")]);
        await receiver.WaitForRequestAsync(Wait);
        await Until.ReachesAsync(() => Task.FromResult(receiver.Answered.Count), n => n == 1, "the first answer");
        // The second attempt exists only once the first was taken as a failure; holding it lets its answer change safely.
        receiver.Hold();
        await Until.ReachesAsync(() =>
        {
            cluster.Advance(TimeSpan.FromMilliseconds(500));
            return Task.FromResult(receiver.Requests.Count);
        }, n => n >= 2, "the retry");
        receiver.Status = 200;
        receiver.Release();
        await Until.ReachesAsync(() => PendingAsync(tenant), n => n == 0, "the delivery");

        var attempts = receiver.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.All(attempts, a => Assert.Equal("ev-1", a.EventId));
        // The first backoff is 5 s ± 25 %: the retry may not come before 3.75 s of the grain clock.
        Assert.InRange(Seconds(attempts[1]) - Seconds(attempts[0]), 3, 60);
        Assert.True(WebhookSignature.Verify(created.Secret, attempts[1].Timestamp!, attempts[1].Body, attempts[1].Signature));
        Assert.Empty(await Grain(tenant).ListDeadLettersAsync(null, 10));
    }

    [Fact]
    public async Task A_delivery_failing_for_the_whole_retry_period_becomes_a_dead_letter()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        var tenant = NewTenant();
        var created = await Grain(tenant).CreateAsync(receiver.Url, ["*"]);
        var publishedAt = cluster.Clock.GetUtcNow();

        await Grain(tenant).PublishAsync([Event("ev-1")]);
        await receiver.WaitForRequestAsync(Wait);
        // Retries well inside the period leave it pending.
        await Until.ReachesAsync(() =>
        {
            cluster.Advance(TimeSpan.FromSeconds(5));
            return Task.FromResult(receiver.Requests.Count);
        }, n => n >= 3, "two retries");
        Assert.Equal(1, await PendingAsync(tenant));
        Assert.Empty(await Grain(tenant).ListDeadLettersAsync(null, 10));

        var letters = await Until.ReachesAsync(() => PastRetryPeriod(() => Grain(tenant).ListDeadLettersAsync(null, 10)), l => l.Count == 1, "the dead letter");

        var letter = letters[0];
        Assert.Equal(created.Endpoint.Id, letter.EndpointId);
        Assert.Equal("ev-1", letter.EventId);
        Assert.Equal("case.opened", letter.EventType);
        Assert.Equal("HTTP 500", letter.LastError);
        Assert.True(letter.Attempts >= 3, $"{letter.Attempts} attempts");
        Assert.True(letter.DeadAt - letter.CreatedAt >= new PledgeHostOptions().WebhookRetryFor, $"dead after {letter.DeadAt - letter.CreatedAt}");
        Assert.True(letter.CreatedAt >= publishedAt.AddSeconds(-1));
        Assert.Equal(0, await PendingAsync(tenant));
        Assert.Empty(await Grain(tenant).ListDeadLettersAsync(letter.Id, 10));
        Assert.Equal(1, await Grain(tenant).RedactAsync("case.opened", "note", cluster.Clock.GetUtcNow()));
        Assert.Equal(0, await Grain(tenant).RedactAsync("case.opened", "note", cluster.Clock.GetUtcNow()));
        var viaStore = Assert.Single(await new GrainWebhookStore(cluster.Cluster.Client).ListDeadLettersAsync(tenant, null, 10));
        Assert.Equal((letter.Id, letter.Attempts, letter.DeadAt), (viaStore.Id, viaStore.Attempts, viaStore.DeadAt));
    }

    [Fact]
    public async Task Delete_removes_the_endpoint_with_its_pending_deliveries_and_dead_letters_only()
    {
        await using var doomed = await WebhookReceiver.StartAsync();
        await using var kept = await WebhookReceiver.StartAsync();
        doomed.Status = kept.Status = 500;
        var tenant = NewTenant();
        var grain = Grain(tenant);
        var gone = await grain.CreateAsync(doomed.Url, ["*"]);
        var stays = await grain.CreateAsync(kept.Url, ["*"]);

        await grain.PublishAsync([Event("ev-1")]);
        await doomed.WaitForRequestAsync(Wait);
        await kept.WaitForRequestAsync(Wait);
        await Until.ReachesAsync(() => PastRetryPeriod(() => grain.ListDeadLettersAsync(null, 10)), l => l.Count == 2, "two dead letters");
        await grain.PublishAsync([Event("ev-2")]);
        Assert.Equal(2, await PendingAsync(tenant));

        Assert.True(await grain.DeleteAsync(gone.Endpoint.Id));

        Assert.False(await grain.DeleteAsync(gone.Endpoint.Id));
        Assert.Null(await grain.GetAsync(gone.Endpoint.Id));
        Assert.Equal([stays.Endpoint.Id], (await grain.ListAsync()).Select(e => e.Id));
        Assert.Equal(1, await PendingAsync(tenant));
        var letter = Assert.Single(await grain.ListDeadLettersAsync(null, 10));
        Assert.Equal(stays.Endpoint.Id, letter.EndpointId);
    }

    [Fact]
    public async Task Redaction_nulls_the_field_in_pending_deliveries_of_the_type_created_before_the_cut()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        receiver.Hold();
        var tenant = NewTenant();
        var grain = Grain(tenant);
        await grain.CreateAsync(receiver.Url, ["*"]);
        var before = cluster.Clock.GetUtcNow();

        await grain.PublishAsync([Event("ev-1"), Event("ev-2", "booking.made")]);
        await Until.ReachesAsync(() => Task.FromResult(receiver.Holding), n => n == 2, "both first attempts in flight");
        Assert.Equal(0, await grain.RedactAsync("case.opened", "note", before));
        Assert.Equal(1, await grain.RedactAsync("case.opened", "note", before.AddMilliseconds(1)));
        Assert.Equal(0, await grain.RedactAsync("case.opened", "note", before.AddMilliseconds(1)));

        // Both first attempts (sent before the redaction) fail; the clock has not moved, so no retry is out yet.
        receiver.Release();
        await Until.ReachesAsync(() => Task.FromResult(receiver.Answered.Count), n => n == 2, "the first answers");
        receiver.Status = 200;
        await Until.ReachesAsync(() =>
        {
            cluster.Advance(TimeSpan.FromSeconds(5));
            return PendingAsync(tenant);
        }, n => n == 0, "the retries");

        var retries = receiver.Requests.Skip(2).ToDictionary(r => r.EventId!, r => r.Body);
        Assert.Contains("\"note\":null", retries["ev-1"]);
        Assert.Contains("\"caseId\":\"c-1\"", retries["ev-1"]);
        Assert.Contains("private words", retries["ev-2"]);
    }

    [Fact]
    public async Task Creating_with_a_bad_url_is_refused_naming_the_field_and_stores_nothing()
    {
        var tenant = NewTenant();
        var store = new GrainWebhookStore(cluster.Cluster.Client);

        var refused = await Assert.ThrowsAsync<HostRejectionException>(() => store.CreateAsync(tenant, "ftp://example.com/hook", ["*"]));
        Assert.Equal("url", refused.Rejection.Field);
        Assert.Equal(Pledge.Domain.Kernel.RejectionKind.Invalid, refused.Rejection.Kind);
        Assert.Contains("absolute http(s) URL", refused.Message);
        var noTypes = await Assert.ThrowsAsync<HostRejectionException>(() => Grain(tenant).CreateAsync("https://example.com/hook", []));
        Assert.Equal("eventTypes", noTypes.Rejection.Field);

        Assert.Empty(await store.ListAsync(tenant));
    }

    [Fact]
    public void The_book_round_trips_through_the_binary_and_the_json_grain_storage_serializers()
    {
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var book = new WebhookBook
        {
            Endpoints = [new WebhookEndpointRecord { Id = "wh_1", Url = "https://example.com/", EventTypes = ["*"], Secret = "whsec_1", CreatedAt = at }],
            Deliveries = [new WebhookDeliveryRecord { Id = 2, EndpointId = "wh_1", EventId = "ev-2", EventType = "case.opened", Body = "{}", Attempts = 3, CreatedAt = at, NextAttemptAt = at.AddSeconds(5), LastError = "HTTP 500" }],
            DeadLetters = [new WebhookDeliveryRecord { Id = 1, EndpointId = "wh_1", EventId = "ev-1", EventType = "case.opened", Body = "{}", CreatedAt = at, DeadAt = at.AddDays(1) }],
            LastId = 2,
            RecentEventIds = ["ev-1", "ev-2"],
        };
        IGrainStorageSerializer[] serializers =
        [
            new OrleansGrainStorageSerializer(cluster.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>()),
            new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
        ];
        foreach (var serializer in serializers)
        {
            var back = serializer.Deserialize<WebhookBook>(serializer.Serialize(book))!;
            Assert.Equal(2, back.LastId);
            Assert.Equal(["ev-1", "ev-2"], back.RecentEventIds);
            Assert.Equal(("wh_1", "whsec_1", "*", at), (back.Endpoints[0].Id, back.Endpoints[0].Secret, back.Endpoints[0].EventTypes[0], back.Endpoints[0].CreatedAt));
            var d = back.Deliveries[0];
            Assert.Equal((2L, 3, at.AddSeconds(5), "HTTP 500", (DateTimeOffset?)null), (d.Id, d.Attempts, d.NextAttemptAt, d.LastError, d.DeadAt));
            Assert.Equal(at.AddDays(1), back.DeadLetters[0].DeadAt);
        }
    }

    /// <summary>
    /// Moves the clock past the retry period, an hour per read: the last failure may be recorded (and its retry
    /// scheduled) only after a single jump, which would leave that retry ahead of the clock for ever.
    /// </summary>
    private Task<T> PastRetryPeriod<T>(Func<Task<T>> read)
    {
        var start = retryPeriodStart ??= cluster.Clock.GetUtcNow();
        cluster.Advance(cluster.Clock.GetUtcNow() - start < new PledgeHostOptions().WebhookRetryFor ? new PledgeHostOptions().WebhookRetryFor : TimeSpan.FromHours(1));
        return read();
    }

    private DateTimeOffset? retryPeriodStart;
}
