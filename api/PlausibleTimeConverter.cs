using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pledge.Api;

/// <summary>
/// Refuses request times outside 2000–2199. No customer-care fact lies there, and a time near the ends of
/// <see cref="DateTimeOffset"/>'s range would overflow the deadline arithmetic behind it.
/// </summary>
public sealed class PlausibleTimeConverter : JsonConverter<DateTimeOffset>
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
            throw new JsonException("A time must be an ISO-8601 string such as 2026-03-02T09:00:00Z.");
        if (value < Earliest || value >= Latest)
            throw new JsonException("A time must lie between the years 2000 and 2199.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
