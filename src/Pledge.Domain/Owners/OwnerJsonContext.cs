using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Domain.Owners;

/// <summary>JSON for owners (REST contract: camelCase, ISO-8601 times, durations as ISO-8601 strings and keys).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(IsoDurationConverter)])]
[JsonSerializable(typeof(OwnerCommand))]
[JsonSerializable(typeof(OwnerEvent))]
[JsonSerializable(typeof(OwnerState))]
[JsonSerializable(typeof(OwnerView))]
public sealed partial class OwnerJsonContext : JsonSerializerContext;
