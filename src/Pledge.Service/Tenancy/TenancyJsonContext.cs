using System.Text.Json.Serialization;

namespace Pledge.Service.Tenancy;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(Pledge.Domain.Json.IsoDurationConverter)])]
[JsonSerializable(typeof(TenantCommand))]
[JsonSerializable(typeof(TenantEvent))]
[JsonSerializable(typeof(TenantState))]
internal sealed partial class TenancyJsonContext : JsonSerializerContext;
