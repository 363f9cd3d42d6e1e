using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pledge.Bench;

/// <summary>
/// The yardstick for the embedded node: a trivial Kestrel endpoint in its own process (this program run again),
/// taking the same JSON POSTs as the API's message route — it parses the body and answers a small JSON object,
/// nothing else. Saturation through it tells what HTTP, JSON and the load generator alone cost on this machine.
/// It also answers the few setup routes the load generator calls, so the same client and the same steps drive it.
/// </summary>
internal static class TrivialEndpoint
{
    public const string ChildFlag = "--trivial-endpoint-child";

    public static Task<NodeProcess> StartAsync(TimeSpan readyTimeout) =>
        NodeProcess.StartAsync("the trivial endpoint", "Pledge.Bench", new Dictionary<string, string>(), readyTimeout, arguments: [ChildFlag]);

    public static async Task<int> ChildAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, TrivialJson.Default));
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Text("Healthy"));
        app.MapPost("/v1/tenants", (TenantBody body) => Results.Ok(new TenantBody(body.Id)));
        app.MapPost("/v1/tenants/{id}/keys", (string id) => Results.Ok(new KeyBody("trivial-key-" + id)));
        app.MapPut("/v1/conversations/{id}", (string id, OpenBody body) => Results.Ok(new Answer(id, body.Policy, 0)));
        var received = 0L;
        app.MapPost("/v1/conversations/{id}/messages", (string id, MessageBody body) =>
            Results.Ok(new Answer(id, body.MessageId, Interlocked.Increment(ref received))));
        await app.RunAsync();
        return 0;
    }

    internal sealed record TenantBody(string Id);

    internal sealed record KeyBody(string Key);

    internal sealed record OpenBody(string Policy);

    internal sealed record MessageBody(string MessageId, string From, string Author, string? Text);

    internal sealed record Answer(string Id, string Last, long Count);
}

[JsonSerializable(typeof(TrivialEndpoint.TenantBody))]
[JsonSerializable(typeof(TrivialEndpoint.KeyBody))]
[JsonSerializable(typeof(TrivialEndpoint.OpenBody))]
[JsonSerializable(typeof(TrivialEndpoint.MessageBody))]
[JsonSerializable(typeof(TrivialEndpoint.Answer))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TrivialJson : JsonSerializerContext;
