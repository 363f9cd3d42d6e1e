using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pledge.Abstractions;

/// <summary>
/// Stores a string that holds a JSON document (a state, an event, a command, a webhook body) as that document inside
/// the grain record, not as a JSON string of it. As a string, every quote inside was written as <c>\u0022</c>: a third
/// of a conversation's record was escaping, which both storage providers copied and PostgreSQL compressed on every
/// write, and an operator had to unescape to read. The text reads back byte for byte (a webhook body stays the bytes
/// it was signed as); records written as strings before still read.
/// </summary>
public sealed class EmbeddedJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString()!;
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    // Validated, not trusted: text that is not JSON would make the whole record unreadable, so it fails the write.
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value);
}
