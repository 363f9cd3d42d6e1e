using Microsoft.Extensions.Options;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Hosting.Webhooks;

namespace Pledge.Service.Webhooks;

/// <summary>Tenants' webhook endpoints: checked against the network rules before they are stored.</summary>
public sealed class WebhookService(IWebhookStore store, IOptions<PledgeHostOptions> options)
{
    public const int MaxEndpointsPerTenant = 50;

    public async Task<(CreatedWebhook? Created, Rejection? Rejection)> CreateAsync(
        string tenant, string url, IReadOnlyList<string> eventTypes, CancellationToken cancellationToken)
    {
        if (WebhookTargets.Check(url, options.Value.AllowPrivateWebhookTargets) is { } refused)
            return (null, refused);
        if ((await store.ListAsync(tenant, cancellationToken)).Count >= MaxEndpointsPerTenant)
            return (null, Rejection.Conflict("too_many_webhooks", $"A tenant may register at most {MaxEndpointsPerTenant} webhook endpoints."));
        try
        {
            return (await store.CreateAsync(tenant, url, eventTypes, cancellationToken), null);
        }
        catch (HostRejectionException e)
        {
            return (null, e.Rejection);
        }
    }

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string tenant, CancellationToken cancellationToken) =>
        store.ListAsync(tenant, cancellationToken);

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken) =>
        store.DeleteAsync(tenant, id, cancellationToken);

    public Task<IReadOnlyList<WebhookDeadLetter>> DeadLettersAsync(string tenant, long? after, int limit, CancellationToken cancellationToken) =>
        store.ListDeadLettersAsync(tenant, after, limit, cancellationToken);
}
