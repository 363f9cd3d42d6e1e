using System.Text.Json;
using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Api;

/// <summary>
/// Strict JSON for requests: unknown fields, missing required fields and nulls in non-nullable fields are refused
/// with the field named, rather than silently ignored; so are times outside 2000–2199 (<see cref="PlausibleTimeConverter"/>).
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // The web defaults read "1" as a number and match "Id" to "id"; strict means neither.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new IsoDurationConverter());
        options.Converters.Add(new PlausibleTimeConverter());
    }
}
