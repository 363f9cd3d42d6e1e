using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pledge.Abstractions;
using Pledge.Hosting;
using Pledge.Hosting.Internal;
using Pledge.Hosting.Retention;
using Pledge.Hosting.Webhooks;

namespace Pledge.Grains.Webhooks;

/// <summary>
/// One tenant's webhooks: endpoints, pending deliveries and dead letters in one persisted <see cref="WebhookBook"/>.
/// The activation is the tenant's only sender: an interleaving grain timer POSTs what is due, so a slow endpoint never
/// holds up publishing or listing. A reminder is kept while deliveries are pending, so they outlive the silo holding them.
/// At least once: a delivery leaves the book only after a 2xx answer has been persisted.
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed class WebhookGrain : Grain, IWebhookGrain, IRemindable
{
    /// <summary>The reminder that brings the grain back while deliveries are pending.</summary>
    public const string ReminderName = "webhooks";

    /// <summary>How many recent event ids are remembered; entity grains redeliver their outbox at least once.</summary>
    public const int RecentEventLimit = 10_000;

    private readonly IPersistentState<WebhookBook> store;
    private readonly WebhookSender sender;
    private readonly TimeProvider clock;
    private readonly PledgeHostOptions settings;
    private readonly HostingMetrics metrics;
    private readonly ILogger<WebhookGrain> logger;
    // A silo shutting down abandons the POSTs in flight (they stay pending for the next activation) instead of
    // holding its shutdown for the delivery timeout.
    private readonly CancellationToken stopping;
    // Interleaving turns (the sender timer, calls) may each want to write; two writes in flight would clash on the ETag.
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly HashSet<string> recent = new(StringComparer.Ordinal);
    private IGrainTimer? timer;
    private IGrainTimer? unregisterTimer;
    private bool sending;
    private bool again;
    private bool? reminderOn;

    public WebhookGrain(
        [PersistentState("webhooks", "pledge")] IPersistentState<WebhookBook> store,
        WebhookSender sender,
        TimeProvider clock,
        IOptions<PledgeHostOptions> options,
        HostingMetrics metrics,
        IHostApplicationLifetime lifetime,
        ILogger<WebhookGrain> logger)
    {
        this.store = store;
        stopping = lifetime.ApplicationStopping;
        this.sender = sender;
        this.clock = clock;
        settings = options.Value;
        this.metrics = metrics;
        this.logger = logger;
    }

    private WebhookBook Book => store.State;

    private string Tenant => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        recent.UnionWith(Book.RecentEventIds);
        timer = this.RegisterGrainTimer(SendDueAsync, new GrainTimerCreationOptions
        {
            DueTime = Timeout.InfiniteTimeSpan,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = true,
        });
        if (Book.Deliveries.Count > 0)
            Kick();
        metrics.WebhooksPending(Tenant, Book.Deliveries.Count);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The backlog follows the grain: the silo that activates it next reports it.
        metrics.WebhooksPending(Tenant, null);
        return Task.CompletedTask;
    }

    public async Task PublishAsync(IReadOnlyList<WebhookEvent> events)
    {
        var now = HostTime.Now(clock);
        var taken = new List<string>();
        var added = new List<WebhookDeliveryRecord>();
        foreach (var e in events)
        {
            if (!recent.Add(e.EventId)) continue;
            taken.Add(e.EventId);
            Book.RecentEventIds.Add(e.EventId);
            foreach (var endpoint in Book.Endpoints.Where(x => WebhookInput.Matches(x.EventTypes, e.Type)))
                added.Add(new WebhookDeliveryRecord
                {
                    Id = ++Book.LastId, EndpointId = endpoint.Id, EventId = e.EventId, EventType = e.Type, Body = e.Body,
                    CreatedAt = now, NextAttemptAt = now,
                });
        }
        // Trimmed a quarter at a time: removing from the front of the list on every call moved all 10,000 ids each time.
        if (Book.RecentEventIds.Count > RecentEventLimit + RecentEventLimit / 4)
        {
            var excess = Book.RecentEventIds.Count - RecentEventLimit;
            recent.ExceptWith(Book.RecentEventIds.Take(excess));
            Book.RecentEventIds.RemoveRange(0, excess);
        }
        // Ids of events nobody subscribes to are remembered too, but are not worth a write of their own.
        if (added.Count == 0) return;

        Book.Deliveries.AddRange(added);
        try
        {
            // The wake-up is durable before the deliveries: a silo lost right after the write leaves a reminder.
            await RegisterReminderAsync(mustSucceed: true);
            await WriteAsync();
        }
        catch
        {
            // Forget this call so that the caller's retry is taken afresh instead of being ignored as a repeat.
            var dropped = added.ToHashSet();
            Book.Deliveries.RemoveAll(dropped.Contains);
            recent.ExceptWith(taken);
            var forgotten = taken.ToHashSet(StringComparer.Ordinal);
            Book.RecentEventIds.RemoveAll(forgotten.Contains);
            throw;
        }
        Kick();
    }

    public async Task<CreatedWebhookEntry> CreateAsync(string url, IReadOnlyList<string> eventTypes)
    {
        var (checkedUrl, types) = WebhookInput.Validate(url, eventTypes);
        var endpoint = new WebhookEndpointRecord
        {
            Id = WebhookInput.NewId(), Url = checkedUrl, EventTypes = [.. types], Secret = WebhookInput.NewSecret(), CreatedAt = HostTime.Now(clock),
        };
        Book.Endpoints.Add(endpoint);
        try
        {
            await WriteAsync();
        }
        catch
        {
            // The caller never saw the secret: an endpoint persisted later by another write would be unusable.
            Book.Endpoints.Remove(endpoint);
            throw;
        }
        return new CreatedWebhookEntry(ToEntry(endpoint), endpoint.Secret);
    }

    public Task<IReadOnlyList<WebhookEndpointEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebhookEndpointEntry>>(Book.Endpoints.Select(ToEntry).ToArray());

    public Task<WebhookEndpointEntry?> GetAsync(string id) =>
        Task.FromResult(Book.Endpoints.FirstOrDefault(e => e.Id == id) is { } endpoint ? ToEntry(endpoint) : null);

    public async Task<bool> DeleteAsync(string id)
    {
        if (Book.Endpoints.RemoveAll(e => e.Id == id) == 0) return false;
        Book.Deliveries.RemoveAll(d => d.EndpointId == id);
        Book.DeadLetters.RemoveAll(d => d.EndpointId == id);
        await WriteAsync();
        return true;
    }

    public Task<IReadOnlyList<WebhookDeadLetterEntry>> ListDeadLettersAsync(long? afterId, int limit)
    {
        Guard.Limit(limit);
        return Task.FromResult<IReadOnlyList<WebhookDeadLetterEntry>>(Book.DeadLetters
            .Where(d => d.Id > (afterId ?? 0)).OrderBy(d => d.Id).Take(limit)
            .Select(d => new WebhookDeadLetterEntry(d.Id, d.EndpointId, d.EventId, d.EventType, d.Attempts, d.CreatedAt, d.DeadAt ?? d.CreatedAt, d.LastError))
            .ToArray());
    }

    public async Task<int> RedactAsync(string eventType, string field, DateTimeOffset before)
    {
        var count = 0;
        foreach (var d in Book.Deliveries.Concat(Book.DeadLetters))
            if (d.EventType == eventType && OccurredAt(d) < before && JsonRedaction.NullField(d.Body, "data", field) is { } redacted)
            {
                d.Body = redacted;
                count++;
            }
        if (count > 0)
            await WriteAsync();
        return count;
    }

    // Retention counts from the event, not from when its delivery was queued (an outbox may hand it over later).
    private static DateTimeOffset OccurredAt(WebhookDeliveryRecord d)
    {
        try
        {
            using var body = System.Text.Json.JsonDocument.Parse(d.Body);
            return body.RootElement.TryGetProperty("at", out var at) && at.TryGetDateTimeOffset(out var time) ? time : d.CreatedAt;
        }
        catch (System.Text.Json.JsonException)
        {
            return d.CreatedAt;
        }
    }

    public Task<int> PendingCountAsync() => Task.FromResult(Book.Deliveries.Count);

    public static bool IsReminderTick(IInvokable request) => ReminderTicks.Is(request);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName) return Task.CompletedTask;
        if (Book.Deliveries.Count > 0)
        {
            reminderOn = true;
            Kick();
            return Task.CompletedTask;
        }
        // Unregistered here rather than when the book empties: steady traffic would otherwise register and drop it per event.
        unregisterTimer ??= this.RegisterGrainTimer(UnregisterIdleReminderAsync,
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
        return Task.CompletedTask;
    }

    private async Task UnregisterIdleReminderAsync(CancellationToken cancellationToken)
    {
        unregisterTimer?.Dispose();
        unregisterTimer = null;
        if (Book.Deliveries.Count > 0) return;
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
                await this.UnregisterReminder(reminder);
            reminderOn = false;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not unregister the webhook reminder of tenant {Tenant}; the next tick tries again.", Tenant);
        }
    }

    /// <summary>Makes the sender look at the book now (or as soon as its current pass ends).</summary>
    private void Kick()
    {
        if (sending)
            again = true;
        else
            timer?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        if (sending)
        {
            again = true;
            return;
        }
        sending = true;
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        cancellationToken = pass.Token;
        try
        {
            do
            {
                again = false;
                var batch = settings.WebhookConcurrency * 4;
                var now = clock.GetUtcNow();
                var due = Book.Deliveries.Where(d => d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(batch).ToArray();
                if (due.Length == 0) break;
                await AttemptAsync(due, cancellationToken);
                if (due.Length == batch) again = true;
            }
            while (again && !cancellationToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivating: what was in flight stays pending and is sent again by the next activation.
            return;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook pass of tenant {Tenant} failed; deliveries stay pending.", Tenant);
        }
        finally
        {
            sending = false;
        }
        if (cancellationToken.IsCancellationRequested) return;
        Arm();
        await RegisterReminderAsync();
    }

    private async Task AttemptAsync(IReadOnlyList<WebhookDeliveryRecord> due, CancellationToken cancellationToken)
    {
        var endpoints = Book.Endpoints.ToDictionary(e => e.Id, StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(settings.WebhookConcurrency);
        var outcomes = await Task.WhenAll(due.Select(async d =>
        {
            // Deleted endpoints take their deliveries with them; one left behind is simply dropped.
            if (!endpoints.TryGetValue(d.EndpointId, out var endpoint)) return (Delivery: d, Error: (string?)null, Sent: false);
            await slots.WaitAsync(cancellationToken);
            try
            {
                return (Delivery: d, Error: await sender.SendAsync(endpoint.Url, endpoint.Secret, d.EventId, d.Body, cancellationToken), Sent: true);
            }
            finally
            {
                slots.Release();
            }
        }));

        // The book may have changed while the POSTs were out (a delete, a redaction): only deliveries still pending count.
        var pending = Book.Deliveries.ToHashSet();
        var done = new HashSet<WebhookDeliveryRecord>();
        var now = clock.GetUtcNow();
        foreach (var (d, error, sent) in outcomes)
        {
            if (!pending.Contains(d)) continue;
            if (error is null)
            {
                done.Add(d);
                if (sent) metrics.WebhookDelivered();
                continue;
            }
            d.Attempts++;
            d.LastError = error;
            if (now - d.CreatedAt >= settings.WebhookRetryFor)
            {
                d.DeadAt = now;
                done.Add(d);
                Book.DeadLetters.Add(d);
                metrics.WebhookFailed(dead: true);
                logger.LogWarning("Webhook {EventId} to endpoint {Endpoint} of tenant {Tenant} failed {Attempts} times since {Since}; parked as a dead letter ({Error}).",
                    d.EventId, d.EndpointId, Tenant, d.Attempts, d.CreatedAt, error);
            }
            else
            {
                d.NextAttemptAt = now + WebhookPolicy.Backoff(d.Attempts, settings.WebhookFirstBackoff, settings.WebhookMaxBackoff);
                metrics.WebhookFailed(dead: false);
                logger.LogInformation("Webhook {EventId} to endpoint {Endpoint} of tenant {Tenant} failed ({Error}); attempt {Next} at {RetryAt}.",
                    d.EventId, d.EndpointId, Tenant, error, d.Attempts + 1, d.NextAttemptAt);
            }
        }
        Book.Deliveries.RemoveAll(done.Contains);
        await WriteAsync();
    }

    /// <summary>Points the timer at the earliest pending delivery.</summary>
    private void Arm()
    {
        if (Book.Deliveries.Count == 0) return;
        var wait = Book.Deliveries.Min(d => d.NextAttemptAt) - clock.GetUtcNow();
        timer?.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task RegisterReminderAsync(bool mustSucceed = false)
    {
        if (reminderOn == true || Book.Deliveries.Count == 0) return;
        try
        {
            var now = clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(ReminderName, ReminderTicks.FirstTick(now, now + ReminderTicks.Period) - now, ReminderTicks.Period);
            reminderOn = true;
        }
        catch (Exception e) when (!mustSucceed)
        {
            // The deliveries are persisted; the next pass tries to register again.
            logger.LogWarning(e, "Could not register the webhook reminder of tenant {Tenant}.", Tenant);
        }
    }

    private async Task WriteAsync()
    {
        await writeGate.WaitAsync();
        try
        {
            await store.WriteStateAsync();
            metrics.WebhooksPending(Tenant, Book.Deliveries.Count);
        }
        catch
        {
            // After a failed write the ETag may be stale and the book ahead of storage: start over from what is stored.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            writeGate.Release();
        }
    }

    private static WebhookEndpointEntry ToEntry(WebhookEndpointRecord e) => new(e.Id, e.Url, e.EventTypes.ToArray(), e.CreatedAt);
}
