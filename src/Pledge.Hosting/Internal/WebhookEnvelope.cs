using System.Text;
using System.Text.Json;

namespace Pledge.Hosting.Internal;

/// <summary>The JSON body a webhook receiver gets for one committed event.</summary>
internal static class WebhookEnvelope
{
    public static string Write(StoredEvent e)
    {
        using var buffer = new MemoryStream(256 + e.Json.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
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
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
