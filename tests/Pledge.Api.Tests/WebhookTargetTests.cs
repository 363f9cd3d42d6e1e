using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Pledge.Hosting.Webhooks;

namespace Pledge.Api.Tests;

/// <summary>The API as deployed: webhook targets on loopback, link-local and private networks are not allowed.</summary>
public sealed class PublicTargetsOnlyApi : IDisposable
{
    public PublicTargetsOnlyApi() => Api.Settings["Pledge:Host:AllowPrivateWebhookTargets"] = "false";

    public PledgeApiFactory Api { get; } = new();

    public void Dispose() => Api.Dispose();
}

/// <summary>
/// Webhook targets: only http(s), and no address inside the operator's network unless configuration allows it —
/// checked when a tenant registers the URL and again on the address actually dialled.
/// </summary>
public sealed class WebhookTargetTests(PublicTargetsOnlyApi fixture) : IClassFixture<PublicTargetsOnlyApi>
{
    private static int tenants;

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ws://example.com/hook")]
    [InlineData("gopher://example.com/")]
    [InlineData("//example.com/hook")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("http://user:password@example.com/hook")]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.0.0.2:8080/hook")]
    [InlineData("http://127.1/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://0x7f000001/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://LOCALHOST./hook")]
    [InlineData("http://api.localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://172.31.255.254/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[fc00::1]/hook")]
    [InlineData("http://[fd12:3456::1]/hook")]
    public async Task A_target_outside_public_http_is_refused_naming_the_url(string url)
    {
        var tenant = await fixture.Api.NewTenantAsync("wt-" + Interlocked.Increment(ref tenants).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await tenant.Admin.PostAsJsonAsync("/v1/webhooks", new { url, eventTypes = new[] { "*" } });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "url");
        Assert.Equal("[]", await tenant.Admin.GetStringAsync("/v1/webhooks"));
    }

    [Theory]
    [InlineData("https://hooks.example.com/pledge")]
    [InlineData("http://93.184.216.34:8080/hook")]
    public async Task A_public_http_target_is_registered(string url)
    {
        var tenant = await fixture.Api.NewTenantAsync("wt-ok-" + Interlocked.Increment(ref tenants).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await tenant.Admin.PostAsJsonAsync("/v1/webhooks", new { url, eventTypes = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = JsonDocument.Parse(await tenant.Admin.GetStringAsync("/v1/webhooks")).RootElement;
        Assert.Equal(url, listed[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Loopback_targets_are_allowed_when_configuration_says_so()
    {
        await using var allowing = new PledgeApiFactory();
        Assert.Equal("true", allowing.Settings["Pledge:Host:AllowPrivateWebhookTargets"]);
        var tenant = await allowing.NewTenantAsync("wt-allowed");
        var response = await tenant.Admin.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    // A public name may resolve to an internal address (DNS rebinding): the dialler checks the address it connects to.
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Deliveries_never_dial_an_internal_address_unless_allowed(string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var url = $"http://{host}:{port}/hook";

        using (var guarded = new HttpClient(DeliveryHandler(allowPrivate: false)) { Timeout = TimeSpan.FromSeconds(10) })
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsync(url, new StringContent("{}")));
            Assert.Contains("internal", refused.ToString(), StringComparison.Ordinal);
        }
        Assert.False(listener.Pending(), "nothing connected to the internal listener");

        using var open = new HttpClient(DeliveryHandler(allowPrivate: true)) { Timeout = TimeSpan.FromSeconds(10) };
        var sending = open.PostAsync(url, new StringContent("{}"));
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(accepted.Connected);
        accepted.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => sending);
    }

    // The dialler is internal to the host; the webhook client gets it from this factory method.
    private static HttpMessageHandler DeliveryHandler(bool allowPrivate)
    {
        var network = typeof(WebhookPolicy).Assembly.GetType("Pledge.Hosting.Webhooks.WebhookNetwork", throwOnError: true)!;
        var factory = network.GetMethod("Handler", BindingFlags.Public | BindingFlags.Static)!;
        return (HttpMessageHandler)factory.Invoke(null, [allowPrivate])!;
    }
}
