using System.Text.Json.Serialization;

namespace Pledge.Conduct.Conduct;

/// <summary>Source-generated JSON for the conduct kind (camelCase, ISO-8601 times and durations, snake_case enums).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConductCommand))]
[JsonSerializable(typeof(ConductEvent))]
[JsonSerializable(typeof(ConductState))]
[JsonSerializable(typeof(ConductView))]
[JsonSerializable(typeof(ConductPolicy))]
public sealed partial class ConductJsonContext : JsonSerializerContext;
