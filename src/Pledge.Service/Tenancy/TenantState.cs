using System.Collections.Immutable;

namespace Pledge.Service.Tenancy;

/// <param name="MessageTextRetention">How long message texts are kept before they are redacted; null keeps them.</param>
public sealed record TenantState(bool Exists, DateTimeOffset? CreatedAt, ImmutableDictionary<string, TenantKey> Keys, TimeSpan? MessageTextRetention = null)
{
    public static readonly TenantState None = new(false, null, ImmutableDictionary<string, TenantKey>.Empty);
}

public sealed record TenantKey(string KeyId, ApiRole Role, string SecretHash, DateTimeOffset IssuedAt, bool Revoked);
