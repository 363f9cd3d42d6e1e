using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Pledge.Hosting.Internal;

/// <summary>The JSON body a webhook receiver gets for one committed event.</summary>
internal static class WebhookEnvelope
{
    // A writer and its buffer per envelope were the largest allocation of an ingested message (the writer grows a
    // stream's buffer to 4 KB for a few hundred bytes); each thread keeps one pair instead, unless an outsized event
    // made the buffer big.
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? buffer;
    [ThreadStatic] private static Utf8JsonWriter? writer;

    public static string Write(StoredEvent e)
    {
        var output = buffer ??= new ArrayBufferWriter<byte>(4096);
        var w = writer ??= new Utf8JsonWriter(output);
        output.ResetWrittenCount();
        w.Reset(output);
        w.WriteStartObject();
        w.WriteString("id", e.EventId);
        w.WriteString("type", e.Type);
        w.WriteString("tenant", e.Id.Tenant);
        w.WriteStartObject("entity");
        w.WriteString("kind", e.Kind);
        w.WriteString("key", e.Id.Key);
        w.WriteEndObject();
        w.WriteNumber("sequence", e.Sequence);
        w.WriteString("at", e.At);
        w.WritePropertyName("data");
        w.WriteRawValue(e.Json, skipInputValidation: true);
        w.WriteEndObject();
        w.Flush();
        var json = Encoding.UTF8.GetString(output.WrittenSpan);
        if (output.Capacity > KeptCapacity) (buffer, writer) = (null, null);
        return json;
    }
}
