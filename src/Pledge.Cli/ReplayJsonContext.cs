using System.Text.Json.Serialization;
using Pledge.Domain.Json;
using Pledge.Domain.Owners;

namespace Pledge.Cli;

/// <summary>JSON of the replay input lines and of the report's parts.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(IsoDurationConverter)])]
[JsonSerializable(typeof(ReplayLine))]
[JsonSerializable(typeof(ReplayConversation))]
[JsonSerializable(typeof(OwnerView))]
[JsonSerializable(typeof(DateTime))]
public sealed partial class ReplayJsonContext : JsonSerializerContext;
