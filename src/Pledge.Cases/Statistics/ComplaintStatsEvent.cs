using System.Text.Json.Serialization;

namespace Pledge.Cases.Statistics;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ComplaintClosureRecorded), "complaint_closure_recorded")]
public abstract record ComplaintStatsEvent;

public sealed record ComplaintClosureRecorded(ComplaintClosure Closure) : ComplaintStatsEvent;
