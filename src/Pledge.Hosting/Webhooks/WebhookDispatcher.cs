using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pledge.Hosting.Internal;

namespace Pledge.Hosting.Webhooks;

/// <summary>
/// Sends committed events to tenants' endpoints: fans the outbox out into deliveries, POSTs each signed, retries
/// failures with exponential backoff and jitter for <see cref="PledgeHostOptions.WebhookRetryFor"/>, then parks them
/// as dead letters. At least once: a delivery is removed only after a 2xx answer.
/// </summary>
public sealed class WebhookDispatcher(
    IWebhookQueue queue,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    IOptions<PledgeHostOptions> options,
    ILogger<WebhookDispatcher> logger,
    HostingMetrics metrics) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> deliveries go through.</summary>
    public const string HttpClientName = "Pledge.Webhooks";

    private const int FanOutBatch = 1000;
    private readonly PledgeHostOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.RunWebhookDispatcher) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = queue.Changed;
            var wait = settings.PollInterval;
            try
            {
                if (await RunOnceAsync(stoppingToken).ConfigureAwait(false) > 0) continue;
                if (await queue.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var until = next - clock.GetUtcNow();
                    if (until < wait) wait = until < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : until;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Webhook dispatch pass failed; retrying after {Interval}.", settings.PollInterval);
            }
            try
            {
                await ChangeSignal.WaitAsync(wake, wait, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass: fans out committed events, then attempts every delivery that is due. Returns the attempts made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        while (await queue.FanOutAsync(clock.GetUtcNow(), FanOutBatch, cancellationToken).ConfigureAwait(false) >= FanOutBatch) { }
        var now = clock.GetUtcNow();
        var claimed = await queue.ClaimDeliveriesAsync(settings.NodeId, now, now + settings.LeaseDuration, settings.WebhookConcurrency * 4, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = settings.WebhookConcurrency, CancellationToken = cancellationToken },
            async (d, ct) => await DeliverAsync(d, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return claimed.Count;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await LeaseRelease.RunAsync(ct => queue.ReleaseDeliveriesAsync(settings.NodeId, ct), logger, "webhook delivery claims").ConfigureAwait(false);
    }

    /// <summary>The delay before attempt <paramref name="attempt"/>+1: doubling from the first backoff, capped, with ±25 % jitter.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan first, TimeSpan max)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + Random.Shared.NextDouble() * 0.5));
    }

    private async Task DeliverAsync(WebhookDelivery d, CancellationToken cancellationToken)
    {
        string error;
        try
        {
            var timestamp = WebhookSignature.Timestamp(clock.GetUtcNow());
            using var request = new HttpRequestMessage(HttpMethod.Post, d.Url)
            {
                Content = new StringContent(d.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add(WebhookSignature.EventIdHeader, d.EventId);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(d.Secret, timestamp, d.Body));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                await queue.CompleteDeliveryAsync(d.Id, CancellationToken.None).ConfigureAwait(false);
                metrics.WebhookDelivered();
                return;
            }
            error = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException or InvalidOperationException)
        {
            error = e is TaskCanceledException ? "timeout" : e.GetBaseException().Message;
        }

        var now = clock.GetUtcNow();
        var attempts = d.Attempts + 1;
        DateTimeOffset? retryAt = now - d.CreatedAt >= settings.WebhookRetryFor
            ? null
            : now + Backoff(attempts, settings.WebhookFirstBackoff, settings.WebhookMaxBackoff);
        metrics.WebhookFailed(retryAt is null);
        if (retryAt is null)
            logger.LogWarning("Webhook {EventId} to endpoint {Endpoint} failed {Attempts} times since {Since}; parked as a dead letter ({Error}).", d.EventId, d.EndpointId, attempts, d.CreatedAt, error);
        else
            logger.LogInformation("Webhook {EventId} to endpoint {Endpoint} failed ({Error}); attempt {Next} at {RetryAt}.", d.EventId, d.EndpointId, error, attempts + 1, retryAt);
        await queue.FailDeliveryAsync(d.Id, retryAt, error, now, CancellationToken.None).ConfigureAwait(false);
    }
}
