using System.Text.Json;
using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Api;

/// <summary>
/// Strict JSON for requests: unknown fields, missing required fields and nulls in non-nullable fields are refused
/// with the field named, rather than silently ignored.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new IsoDurationConverter());
    }
}
