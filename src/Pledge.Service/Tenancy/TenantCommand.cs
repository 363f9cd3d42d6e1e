using System.Text.Json.Serialization;

namespace Pledge.Service.Tenancy;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CreateTenant), "create_tenant")]
[JsonDerivedType(typeof(IssueKey), "issue_key")]
[JsonDerivedType(typeof(RevokeKey), "revoke_key")]
[JsonDerivedType(typeof(SetRetention), "set_retention")]
public abstract record TenantCommand;

public sealed record CreateTenant : TenantCommand;

/// <summary>Adds a key; the secret never reaches the entity, only its SHA-256.</summary>
public sealed record IssueKey(string KeyId, ApiRole Role, string SecretHash) : TenantCommand;

public sealed record RevokeKey(string KeyId) : TenantCommand;

/// <summary>How long message texts are kept; null keeps them.</summary>
public sealed record SetRetention(TimeSpan? MessageText) : TenantCommand;
