using System.Text.Json.Serialization;

namespace Pledge.Cases.Registry;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ClaimReserved), "claim_reserved")]
[JsonDerivedType(typeof(ClaimReleased), "claim_released")]
public abstract record ClaimRegistryEvent(DateTimeOffset At, string ClaimId);

public sealed record ClaimReserved(DateTimeOffset At, string ClaimId, IReadOnlyList<ClaimCategory> Categories) : ClaimRegistryEvent(At, ClaimId);

public sealed record ClaimReleased(DateTimeOffset At, string ClaimId) : ClaimRegistryEvent(At, ClaimId);
