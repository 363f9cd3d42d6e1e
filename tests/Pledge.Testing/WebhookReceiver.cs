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
            return Results.StatusCode(receiver.Status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
