using System.Text.Json.Serialization;

namespace Pledge.Cases.Registry;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "action", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ReserveClaim), "reserve")]
[JsonDerivedType(typeof(ReleaseClaim), "release")]
public abstract record ClaimRegistryCommand(string ClaimId);

/// <summary>
/// Reserves the categories of a claim on the conversation. Refused when another claim holds one of them;
/// idempotent for the same claim id and categories.
/// </summary>
public sealed record ReserveClaim(string ClaimId, IReadOnlyList<ClaimCategory> Categories) : ClaimRegistryCommand(ClaimId);

/// <summary>Frees the categories of a claim whose filing was refused (the case was never created).</summary>
public sealed record ReleaseClaim(string ClaimId) : ClaimRegistryCommand(ClaimId);
