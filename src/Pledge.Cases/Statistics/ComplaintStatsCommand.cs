using System.Text.Json.Serialization;

namespace Pledge.Cases.Statistics;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "action", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RecordComplaintClosure), "record_closure")]
public abstract record ComplaintStatsCommand;

/// <summary>Counts one closed complaint; idempotent by <paramref name="CaseId"/> (reactions arrive at least once).</summary>
public sealed record RecordComplaintClosure(string CaseId, string Protocol, DateTimeOffset ClosedAt, ComplaintResolution Resolution) : ComplaintStatsCommand;
