using System.Text.Json.Serialization;

namespace Pledge.Cases.Protocols;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "action", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(IssueProtocolNumber), "issue")]
public abstract record ProtocolCounterCommand;

/// <summary>
/// Hands out the tenant's next protocol number. Idempotent by <paramref name="RequestId"/>: asked again, the
/// counter issues nothing new and <see cref="ProtocolCounterState.Find"/> gives the number issued before.
/// </summary>
public sealed record IssueProtocolNumber(string RequestId, string Prefix = ProtocolNumbers.DefaultPrefix) : ProtocolCounterCommand;
