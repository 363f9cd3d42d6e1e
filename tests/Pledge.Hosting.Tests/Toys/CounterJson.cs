using System.Text.Json.Serialization;

namespace Pledge.Hosting.Tests.Toys;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CounterCommand))]
[JsonSerializable(typeof(CounterEvent))]
[JsonSerializable(typeof(CounterState))]
internal sealed partial class CounterJson : JsonSerializerContext;
