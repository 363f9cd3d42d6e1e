using System.Collections.Immutable;

namespace Pledge.Service.Tenancy;

public sealed record TenantState(bool Exists, DateTimeOffset? CreatedAt, ImmutableDictionary<string, TenantKey> Keys)
{
    public static readonly TenantState None = new(false, null, ImmutableDictionary<string, TenantKey>.Empty);
}

public sealed record TenantKey(string KeyId, ApiRole Role, string SecretHash, DateTimeOffset IssuedAt, bool Revoked);
