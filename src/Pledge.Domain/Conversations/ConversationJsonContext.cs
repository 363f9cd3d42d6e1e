using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Domain.Conversations;

/// <summary>JSON for conversations (REST contract: camelCase, ISO-8601 times and durations, snake_case enums).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(IsoDurationConverter)])]
[JsonSerializable(typeof(ConversationCommand))]
[JsonSerializable(typeof(ConversationEvent))]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(ConversationView))]
public sealed partial class ConversationJsonContext : JsonSerializerContext;
