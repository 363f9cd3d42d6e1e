using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Pledge.Hosting;
using Pledge.Hosting.Webhooks;

namespace Pledge.Grains.Webhooks;

/// <summary>
/// Signs and POSTs one webhook delivery through the <see cref="WebhookDispatcher.HttpClientName"/> client.
/// It decides nothing: retries, backoff and dead letters belong to <see cref="WebhookGrain"/>.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, TimeProvider clock, IOptions<PledgeHostOptions> options)
{
    /// <summary>Null when the endpoint answered 2xx; otherwise why the attempt failed.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: no attempt to count.</exception>
    public async Task<string?> SendAsync(string url, string secret, string eventId, string body, CancellationToken cancellationToken)
    {
        // The network timeout runs on real time whatever clock the grain is given: it bounds a real socket.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            var timestamp = WebhookSignature.Timestamp(clock.GetUtcNow());
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add(WebhookSignature.EventIdHeader, eventId);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
            using var response = await httpClients.CreateClient(WebhookDispatcher.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is HttpRequestException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return e is OperationCanceledException ? "timeout" : Trim(e.GetBaseException().Message);
        }
    }

    private static string Trim(string error) => error.Length > 500 ? error[..500] : error;
}
