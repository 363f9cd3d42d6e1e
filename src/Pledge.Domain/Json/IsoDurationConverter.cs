using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Pledge.Domain.Json;

/// <summary>Writes a <see cref="TimeSpan"/> as an ISO-8601 duration (<c>PT2M</c>, <c>P7D</c>), the REST contract's form.</summary>
public sealed class IsoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        try
        {
            return XmlConvert.ToTimeSpan(text ?? throw new JsonException("A duration must be a string like PT2M."));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new JsonException($"'{text}' is not an ISO-8601 duration like PT2M or P7D.");
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public override TimeSpan ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WritePropertyName(Format(value));

    /// <summary>The ISO-8601 form of a duration, e.g. <c>PT2M</c>.</summary>
    public static string Format(TimeSpan value) => XmlConvert.ToString(value);
}
