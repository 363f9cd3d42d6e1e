using System.Text.Json.Serialization;

namespace Pledge.Service.Tenancy;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TenantCreated), "tenant_created")]
[JsonDerivedType(typeof(KeyIssued), "key_issued")]
[JsonDerivedType(typeof(KeyRevoked), "key_revoked")]
[JsonDerivedType(typeof(RetentionSet), "retention_set")]
public abstract record TenantEvent(DateTimeOffset At);

public sealed record TenantCreated(DateTimeOffset At) : TenantEvent(At);

public sealed record KeyIssued(string KeyId, ApiRole Role, string SecretHash, DateTimeOffset At) : TenantEvent(At);

public sealed record KeyRevoked(string KeyId, DateTimeOffset At) : TenantEvent(At);

public sealed record RetentionSet(TimeSpan? MessageText, DateTimeOffset At) : TenantEvent(At);
