using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Domain.Policies;

/// <summary>JSON for policies (REST contract: camelCase, durations as ISO-8601 strings).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(IsoDurationConverter)])]
[JsonSerializable(typeof(ConversationPolicy))]
[JsonSerializable(typeof(ImmutableArray<ConversationPolicy>))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
