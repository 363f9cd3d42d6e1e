using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pledge.Testing;

/// <summary>A loopback HTTP endpoint that records webhook POSTs and answers with a status the test chooses.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Received(string Body, string? EventId, string? Timestamp, string? Signature, string? ContentType);

    private WebhookReceiver(WebApplication app) => this.app = app;

    private readonly SemaphoreSlim arrived = new(0);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Waits for the next request to arrive.</summary>
    public async Task WaitForRequestAsync(TimeSpan timeout)
    {
        if (!await arrived.WaitAsync(timeout)) throw new TimeoutException($"No webhook arrived within {timeout}.");
    }

    /// <summary>The status to answer with; 200 unless a test sets otherwise.</summary>
    public int Status { get; set; } = 200;

    private volatile TaskCompletionSource released = Released();
    private int holding;

    /// <summary>POSTs kept waiting for an answer right now (see <see cref="Hold"/>).</summary>
    public int Holding => Volatile.Read(ref holding);

    /// <summary>Event ids of the POSTs answered, once per answer; a POST cut off while held is not among them.</summary>
    public ConcurrentQueue<string> Answered { get; } = new();

    /// <summary>Keeps every POST from now on unanswered until <see cref="Release"/>: deliveries stay in flight.</summary>
    public void Hold() => released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the held POSTs and those that follow.</summary>
    public void Release() => released.TrySetResult();

    private static TaskCompletionSource Released()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(body,
                context.Request.Headers["Pledge-Event-Id"], context.Request.Headers["Pledge-Timestamp"],
                context.Request.Headers["Pledge-Signature"], context.Request.ContentType));
            receiver.arrived.Release();
            Interlocked.Increment(ref receiver.holding);
            try
            {
                await receiver.released.Task.WaitAsync(context.RequestAborted);
            }
            finally
            {
                Interlocked.Decrement(ref receiver.holding);
            }
            receiver.Answered.Enqueue(context.Request.Headers["Pledge-Event-Id"].ToString());
            return Results.StatusCode(receiver.Status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.DisposeAsync();
    }

    /// <summary>Waits until no request has arrived for <paramref name="quiet"/> (redeliveries have settled).</summary>
    /// <exception cref="TimeoutException">Requests kept arriving for <paramref name="timeout"/>.</exception>
    public async Task QuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var count = Requests.Count;
        var since = System.Diagnostics.Stopwatch.StartNew();
        while (since.Elapsed < quiet)
        {
            if (timer.Elapsed > timeout) throw new TimeoutException($"webhooks kept arriving for {timeout}");
            await Task.Delay(100);
            if (Requests.Count != count)
            {
                count = Requests.Count;
                since.Restart();
            }
        }
    }
}
