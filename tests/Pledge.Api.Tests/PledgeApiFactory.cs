using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>The API in process on the embedded (in-memory) host, with a clock the test moves.</summary>
public sealed class PledgeApiFactory : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "test-operator-key-0123456789abcdef";

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Pledge:Auth:BootstrapKey"] = BootstrapKey,
        ["Pledge:Host:AllowPrivateWebhookTargets"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public HttpClient Operator() => WithKey(BootstrapKey);

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a tenant and returns clients holding one key of each role.</summary>
    public async Task<TenantClients> NewTenantAsync(string tenant)
    {
        using var op = Operator();
        (await op.PostAsJsonAsync("/v1/tenants", new { id = tenant })).EnsureSuccessStatusCode();
        async Task<HttpClient> KeyAsync(string role)
        {
            var response = await op.PostAsJsonAsync($"/v1/tenants/{tenant}/keys", new { role });
            response.EnsureSuccessStatusCode();
            var issued = await response.Content.ReadFromJsonAsync<IssuedKey>();
            return WithKey(issued!.Key);
        }
        return new TenantClients(tenant, await KeyAsync("platform"), await KeyAsync("reviewer"), await KeyAsync("admin"));
    }

    public sealed record IssuedKey(string Key, string KeyId, string Tenant, string Role);
}

public sealed record TenantClients(string Tenant, HttpClient Platform, HttpClient Reviewer, HttpClient Admin);
