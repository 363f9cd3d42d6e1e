using System.Text.Json.Serialization;

namespace Pledge.Cases.Protocols;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ProtocolNumberIssued), "protocol_number_issued")]
public abstract record ProtocolCounterEvent(DateTimeOffset At);

public sealed record ProtocolNumberIssued(DateTimeOffset At, string RequestId, long Number, string Protocol) : ProtocolCounterEvent(At);
