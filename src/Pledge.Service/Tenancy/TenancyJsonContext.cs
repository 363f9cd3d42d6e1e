using System.Text.Json.Serialization;

namespace Pledge.Service.Tenancy;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TenantCommand))]
[JsonSerializable(typeof(TenantEvent))]
[JsonSerializable(typeof(TenantState))]
internal sealed partial class TenancyJsonContext : JsonSerializerContext;
