using System.Text.Json.Serialization;

namespace Pledge.Conduct.Screening;

/// <summary>Source-generated JSON for screening results and tenant extensions (camelCase, the REST contract's form).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScreeningResult))]
[JsonSerializable(typeof(ScreeningExtension))]
[JsonSerializable(typeof(ScreeningPolicy))]
public sealed partial class ScreeningJsonContext : JsonSerializerContext;
