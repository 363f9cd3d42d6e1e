using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Pledge.Bench;

/// <summary>
/// One platform key of a fresh tenant, over a connection pool sized for the load. Bodies are written by hand:
/// the load generator shares the two cores with the node and the database, so it must be cheap.
/// </summary>
internal sealed class PledgeClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;

    private PledgeClient(HttpClient http) => this.http = http;

    public static async Task<PledgeClient> ForNewTenantAsync(Uri node, string tenant)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            // Bounded: an open-loop phase against a fast node (the trivial endpoint) would otherwise open a connection per
            // request in flight, tens of thousands, and exhaust the load generator (a full run died "Out of memory").
            // Requests queued for a connection still count: latency is timed from the scheduled send time.
            MaxConnectionsPerServer = 512,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = node,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiNode.OperatorKey);
        (await http.PostAsJsonAsync("v1/tenants", new { id = tenant })).EnsureSuccessStatusCode();
        var issued = await http.PostAsJsonAsync($"v1/tenants/{tenant}/keys", new { role = "platform" });
        issued.EnsureSuccessStatusCode();
        var key = (await issued.Content.ReadFromJsonAsync<IssuedKey>())?.Key ?? throw new InvalidOperationException("No key issued.");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new PledgeClient(http);
    }

    public Task<HttpStatusCode> OpenAsync(string conversation, string policy) =>
        SendAsync(HttpMethod.Put, $"v1/conversations/{conversation}", $$"""{"policy":"{{policy}}"}""");

    /// <summary>Posts message <paramref name="number"/> of a conversation: even numbers from the customer, odd ones the agent's answers.</summary>
    public Task<HttpStatusCode> PostMessageAsync(string conversation, int number)
    {
        var body = number % 2 == 0
            ? $$"""{"messageId":"m{{number}}","from":"customer","author":"customer-{{conversation}}","text":"Hello, my order has not arrived yet and the tracking page shows nothing. Can you help?"}"""
            : $$"""{"messageId":"m{{number}}","from":"agent","author":"agent-1","text":"Sorry about that! I have asked the courier; you will hear from us within the hour."}""";
        return SendAsync(HttpMethod.Post, $"v1/conversations/{conversation}/messages", body);
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = Json;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode;
    }

    private sealed record IssuedKey(string Key);
}
