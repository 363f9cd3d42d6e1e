using Pledge.Abstractions;
using Pledge.Hosting.Webhooks;

namespace Pledge.Service.Webhooks;

/// <summary>Tenants' webhooks kept by their <see cref="IWebhookGrain"/>, one grain per tenant.</summary>
public sealed class GrainWebhookStore(IGrainFactory grains) : IWebhookStore
{
    public async Task<CreatedWebhook> CreateAsync(string tenant, string url, IReadOnlyList<string> eventTypes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var created = await Grain(tenant).CreateAsync(url, eventTypes);
        return new CreatedWebhook(ToEndpoint(tenant, created.Endpoint), created.Secret);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenant, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await Grain(tenant).ListAsync()).Select(e => ToEndpoint(tenant, e)).ToArray();
    }

    public async Task<WebhookEndpoint?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await Grain(tenant).GetAsync(id) is { } entry ? ToEndpoint(tenant, entry) : null;
    }

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Grain(tenant).DeleteAsync(id);
    }

    public async Task<IReadOnlyList<WebhookDeadLetter>> ListDeadLettersAsync(string tenant, long? afterId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return (await Grain(tenant).ListDeadLettersAsync(afterId, limit))
            .Select(d => new WebhookDeadLetter(d.Id, d.EndpointId, d.EventId, d.EventType, d.Attempts, d.CreatedAt, d.DeadAt, d.LastError))
            .ToArray();
    }

    private IWebhookGrain Grain(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return grains.GetGrain<IWebhookGrain>(tenant);
    }

    private static WebhookEndpoint ToEndpoint(string tenant, WebhookEndpointEntry e) => new(e.Id, tenant, e.Url, e.EventTypes, e.CreatedAt);
}
