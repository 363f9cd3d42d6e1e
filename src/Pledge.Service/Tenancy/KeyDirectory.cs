using Microsoft.Extensions.Caching.Memory;
using Pledge.Hosting;

namespace Pledge.Service.Tenancy;

/// <summary>Answers "whose key is this?" for the bearer handler, and issues keys for the operator.</summary>
public sealed class KeyDirectory(IEntityHost host, IMemoryCache cache)
{
    /// <summary>How long a validated key is trusted before its tenant is read again: the revocation delay.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The key's tenant and role, or null when the key is unknown, revoked or wrong.</summary>
    public async Task<(string Tenant, string KeyId, ApiRole Role)?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!ApiKey.TryParse(token, out var key))
            return null;
        var cacheKey = (nameof(KeyDirectory), key.Tenant, key.KeyId);
        if (!cache.TryGetValue(cacheKey, out TenantKey? stored))
        {
            var tenant = await host.GetAsync(TenantKind.Kind, new EntityId(TenantKind.SystemTenant, key.Tenant), cancellationToken);
            stored = tenant?.State.Keys.GetValueOrDefault(key.KeyId);
            cache.Set(cacheKey, stored, CacheDuration);
        }
        if (stored is null || stored.Revoked || !key.Matches(stored.SecretHash))
            return null;
        return (key.Tenant, key.KeyId, stored.Role);
    }

    public async Task<Domain.Kernel.Rejection?> CreateTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        var result = await host.SendAsync(TenantKind.Kind, new EntityId(TenantKind.SystemTenant, tenant), new CreateTenant(), null, cancellationToken);
        return result.Rejection;
    }

    /// <summary>Issues a key; the returned token is the only time its secret exists outside the caller.</summary>
    public async Task<(ApiKey? Key, Domain.Kernel.Rejection? Rejection)> IssueKeyAsync(string tenant, ApiRole role, CancellationToken cancellationToken)
    {
        var key = ApiKey.New(tenant);
        var result = await host.SendAsync(TenantKind.Kind, new EntityId(TenantKind.SystemTenant, tenant), new IssueKey(key.KeyId, role, key.SecretHash), null, cancellationToken);
        return result.Rejection is null ? (key, null) : (null, result.Rejection);
    }

    public async Task<bool> TenantExistsAsync(string tenant, CancellationToken cancellationToken) =>
        await host.GetAsync(TenantKind.Kind, new EntityId(TenantKind.SystemTenant, tenant), cancellationToken) is { State.Exists: true };
}
