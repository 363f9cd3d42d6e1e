using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pledge.Domain.Json;

/// <summary>Writes enum members as snake_case strings (<c>off_platform</c>), the REST contract's form.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
