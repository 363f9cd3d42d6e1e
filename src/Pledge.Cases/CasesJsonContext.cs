using System.Text.Json;
using System.Text.Json.Serialization;
using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>
/// The JSON of every case kind (REST contract: camelCase, ISO-8601 times and durations, snake_case enums).
/// Missing required fields and nulls in non-nullable ones are refused, naming the field.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(IsoDurationConverter)])]
[JsonSerializable(typeof(CaseCommand))]
[JsonSerializable(typeof(CaseEvent))]
[JsonSerializable(typeof(CaseState))]
[JsonSerializable(typeof(CasePolicy))]
[JsonSerializable(typeof(IReadOnlyList<CasePolicy>))]
[JsonSerializable(typeof(ProtocolCounterCommand))]
[JsonSerializable(typeof(ProtocolCounterEvent))]
[JsonSerializable(typeof(ProtocolCounterState))]
[JsonSerializable(typeof(ComplaintStatsCommand))]
[JsonSerializable(typeof(ComplaintStatsEvent))]
[JsonSerializable(typeof(ComplaintStatsState))]
[JsonSerializable(typeof(ResolutionIndex))]
[JsonSerializable(typeof(ClaimRegistryCommand))]
[JsonSerializable(typeof(ClaimRegistryEvent))]
[JsonSerializable(typeof(ClaimRegistryState))]
public sealed partial class CasesJsonContext : JsonSerializerContext;
