using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pledge.Hosting.Retention;

/// <summary>Nulls one field of a stored JSON document, keeping the order of the others (the type discriminator stays first).</summary>
internal static class JsonRedaction
{
    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document with the field at <paramref name="path"/> set to null, or null when it holds nothing to redact.</summary>
    public static string? NullField(string json, params string[] path)
    {
        if (JsonNode.Parse(json) is not JsonObject root)
            return null;
        var parent = root;
        foreach (var step in path[..^1])
        {
            if (parent[step] is not JsonObject child)
                return null;
            parent = child;
        }
        if (parent[path[^1]] is null)
            return null;
        parent[path[^1]] = null;
        return root.ToJsonString(Writing);
    }

    /// <summary>Kind, type and field names go into SQL text (so that a partial index can serve the query): only plain names.</summary>
    public static void CheckNames(Redaction redaction)
    {
        foreach (var name in new[] { redaction.Kind, redaction.EventType, redaction.Field })
            if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"'{name}' is not a plain name.", nameof(redaction));
        ArgumentOutOfRangeException.ThrowIfLessThan(redaction.Limit, 1);
    }
}
