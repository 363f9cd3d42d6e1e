using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Pledge.Faults.Tests;

/// <summary>What a client asked for: enough to check it afterwards and to send it again unchanged.</summary>
/// <param name="Kind">conversation, message, booking, case or case_action.</param>
/// <param name="Entity">The entity key the request targets.</param>
/// <param name="Item">The client-chosen id the request carries (messageId, booking id, case id, idempotency key).</param>
public sealed record Operation(string Kind, string Entity, string Item, HttpMethod Method, string Path, string Body, string? IdempotencyKey = null);

public sealed record Acknowledged(Operation Operation, int Status, DateTimeOffset At);

/// <summary>What every client saw, summed.</summary>
public sealed class LoadStats
{
    private long requests, acknowledged, rejected, gaveUp, unavailable, unavailableWithoutRetryAfter, connectionErrors, unexpected;
    private readonly Lock slowestLock = new();
    private long slowest503Ticks;
    private DateTimeOffset slowest503SentAt;

    public ConcurrentQueue<Acknowledged> Acks { get; } = new();

    public ConcurrentQueue<string> Rejections { get; } = new();

    public ConcurrentQueue<string> Unexpected { get; } = new();

    public long Requests => Interlocked.Read(ref requests);
    public long Acknowledged => Interlocked.Read(ref acknowledged);
    public long Rejected => Interlocked.Read(ref rejected);
    public long GaveUp => Interlocked.Read(ref gaveUp);
    public long Unavailable => Interlocked.Read(ref unavailable);
    public long UnavailableWithoutRetryAfter => Interlocked.Read(ref unavailableWithoutRetryAfter);
    public long ConnectionErrors => Interlocked.Read(ref connectionErrors);
    public long Unexpected5xx => Interlocked.Read(ref unexpected);
    public TimeSpan Slowest503 { get { lock (slowestLock) return TimeSpan.FromTicks(slowest503Ticks); } }

    /// <summary>When the slowest 503's request was sent: which fault it met.</summary>
    public DateTimeOffset Slowest503SentAt { get { lock (slowestLock) return slowest503SentAt; } }

    internal void Sent() => Interlocked.Increment(ref requests);
    internal void Ack(Acknowledged ack) { Interlocked.Increment(ref acknowledged); Acks.Enqueue(ack); }
    internal void Reject(string what) { Interlocked.Increment(ref rejected); Rejections.Enqueue(what); }
    internal void GiveUp() => Interlocked.Increment(ref gaveUp);
    internal void ConnectionError() => Interlocked.Increment(ref connectionErrors);
    internal void Unexpected5xxSeen(string what) { Interlocked.Increment(ref unexpected); Unexpected.Enqueue(what); }

    internal void Saw503(bool retryAfter, TimeSpan took, DateTimeOffset sentAt)
    {
        Interlocked.Increment(ref unavailable);
        if (!retryAfter) Interlocked.Increment(ref unavailableWithoutRetryAfter);
        lock (slowestLock)
        {
            if (took.Ticks <= slowest503Ticks) return;
            slowest503Ticks = took.Ticks;
            slowest503SentAt = sentAt;
        }
    }
}

/// <summary>
/// A client of the cluster: sends each request to an api node, moves to the next node on a connection error, retries
/// on 503 (and any other 5xx) with the same body and ids until acknowledged, and logs every acknowledgement.
/// </summary>
public sealed class LoadClient(HttpClient http, Func<IReadOnlyList<string>> apiUrls, LoadStats stats, TimeSpan giveUpAfter)
{
    private int next = Random.Shared.Next(16);

    public enum Outcome { Acknowledged, Rejected, GaveUp }

    public async Task<(Outcome Outcome, int Status, string Body)> SendAsync(Operation op, bool log = true)
    {
        var until = Stopwatch.StartNew();
        var refusedInARow = 0;
        while (true)
        {
            var urls = apiUrls();
            var url = urls[Interlocked.Increment(ref next) % urls.Count];
            using var request = new HttpRequestMessage(op.Method, url + op.Path)
            {
                Content = new StringContent(op.Body, Encoding.UTF8, "application/json"),
            };
            if (op.IdempotencyKey is not null) request.Headers.Add("Idempotency-Key", op.IdempotencyKey);
            stats.Sent();
            var sentAt = DateTimeOffset.UtcNow;
            var took = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                refusedInARow = 0;
                if (response.IsSuccessStatusCode)
                {
                    if (log) stats.Ack(new Acknowledged(op, status, DateTimeOffset.UtcNow));
                    return (Outcome.Acknowledged, status, body);
                }
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    stats.Saw503(response.Headers.RetryAfter is not null, took.Elapsed, sentAt);
                else if (status >= 500)
                    stats.Unexpected5xxSeen($"{status} {op.Method} {op.Path}: {Cut(body)}");
                else if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    if (log) stats.Reject($"{status} {op.Method} {op.Path} {op.Item}: {Cut(body)}");
                    return (Outcome.Rejected, status, body);
                }
            }
            catch (HttpRequestException)
            {
                // A dead node refuses at once: try the next node straight away, back off only when all refused.
                stats.ConnectionError();
                if (++refusedInARow % apiUrls().Count != 0 && until.Elapsed <= giveUpAfter) continue;
            }
            catch (TaskCanceledException)
            {
                // A request that timed out may or may not have been committed: retrying with the same ids settles it.
                stats.ConnectionError();
            }
            if (until.Elapsed > giveUpAfter)
            {
                stats.GiveUp();
                return (Outcome.GaveUp, 0, "");
            }
            await Task.Delay(200);
        }
    }

    private static string Cut(string body) => body.Length <= 300 ? body : body[..300];
}
