using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Pledge.Api.Tests.Contract;

/// <summary>
/// The service's own OpenAPI document as a checker: finds the operation a request reached and the response the
/// document describes for its status and content type, and validates the body against that schema.
/// </summary>
public sealed class OpenApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private readonly JsonObject document;
    private readonly (string Template, string[] Segments)[] paths;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);

    public OpenApiContract(string json)
    {
        document = JsonNode.Parse(json)!.AsObject();
        paths = document["paths"]!.AsObject().Select(p => (p.Key, Segments(p.Key))).ToArray();
    }

    public JsonObject Document => document;

    /// <summary>The path template and method object a request reached, or null when the document has no such operation.</summary>
    public (string Template, JsonObject Operation)? Find(HttpMethod method, string path)
    {
        var segments = Segments(path);
        foreach (var (template, pattern) in paths)
        {
            if (pattern.Length != segments.Length) continue;
            if (!pattern.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal))) continue;
            if (document["paths"]![template]![method.Method.ToLowerInvariant()] is JsonObject operation)
                return (template, operation);
        }
        return null;
    }

    /// <summary>Why the response breaks the contract, or null when the document describes it.</summary>
    public string? Check(HttpMethod method, string path, int status, string? mediaType, string body)
    {
        if (Find(method, path) is not { } found)
            return null;
        var where = $"{method} {found.Template} → {status}";
        if (found.Operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
            return $"{where}: the document does not describe this status.";
        var content = response["content"] as JsonObject;
        if (body.Length == 0)
            return content is null || content.Count == 0 ? null : $"{where}: the document describes a body, the response has none.";
        if (content is null || mediaType is null || content[mediaType] is not JsonObject media)
            return $"{where}: the document describes no '{mediaType}' body (it has: {string.Join(", ", content?.Select(c => c.Key) ?? [])}).";
        if (media["schema"] is not { } schemaNode)
            return $"{where}: the document gives '{mediaType}' no schema.";
        var schema = schemas.GetOrAdd($"{method} {found.Template} {status} {mediaType}", key => Build(key, schemaNode));
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return result.IsValid ? null : $"{where}: the body breaks the schema: {Describe(result)}\nbody: {Truncate(body)}";
    }

    // JSON Schema knows no discriminator: a discriminated base (its variants extend it with allOf) is checked where it
    // is used as oneOf its variants, or the variants' own members would go unchecked.
    private const string VariantsSuffix = "__variants";

    private JsonObject Definitions()
    {
        var defs = document["components"]?["schemas"]?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (name, schema) in defs.ToArray())
            if (schema?["discriminator"]?["mapping"] is JsonObject mapping)
                defs[name + VariantsSuffix] = new JsonObject { ["oneOf"] = new JsonArray([.. mapping.Select(m => (JsonNode)new JsonObject { ["$ref"] = m.Value!.GetValue<string>() })]) };
        foreach (var (name, schema) in defs.ToArray())
            if (!name.EndsWith(VariantsSuffix, StringComparison.Ordinal) && schema is not null)
                ToVariants(schema, inAllOf: false);
        return defs;
    }

    private void ToVariants(JsonNode node, bool inAllOf)
    {
        switch (node)
        {
            case JsonObject o:
                if (!inAllOf && o["$ref"] is JsonValue r && r.GetValue<string>() is var target && target.StartsWith(ComponentsPrefix, StringComparison.Ordinal)
                    && document["components"]!["schemas"]![target[ComponentsPrefix.Length..]]?["discriminator"]?["mapping"] is JsonObject)
                    o["$ref"] = target + VariantsSuffix;
                foreach (var (key, child) in o.ToArray())
                    if (child is not null && key != "discriminator")
                        ToVariants(child, key == "allOf");
                break;
            case JsonArray a:
                foreach (var child in a)
                    if (child is not null) ToVariants(child, inAllOf);
                break;
        }
    }

    /// <summary>Why <paramref name="instance"/> breaks the component schema <paramref name="component"/>, or null.</summary>
    public string? CheckComponent(string component, JsonNode instance)
    {
        var schema = schemas.GetOrAdd("component " + component, key => Build(key, new JsonObject { ["$ref"] = ComponentsPrefix + component }));
        using var parsed = JsonDocument.Parse(instance.ToJsonString());
        var result = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return result.IsValid ? null : $"{component}: {Describe(result)}";
    }

    // A schema fragment of the document is made a standalone JSON Schema: the document's components become its $defs.
    private JsonSchema Build(string key, JsonNode schemaNode)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["allOf"] = new JsonArray(schemaNode.DeepClone()),
            ["$defs"] = Definitions(),
        };
        ToVariants(root["allOf"]!, inAllOf: false);
        var text = root.ToJsonString().Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal);
        var id = new Uri("https://contract.pledge.test/" + Uri.EscapeDataString(key));
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
    }

    // Only failures on a path of failing schemas: a oneOf branch that failed beside one that held is no failure.
    private static string Describe(EvaluationResults result) => string.Join("; ", Failures(result).Distinct().Take(12));

    private static IEnumerable<string> Failures(EvaluationResults node)
    {
        if (node.IsValid) yield break;
        foreach (var (_, error) in node.Errors ?? new Dictionary<string, string>())
            yield return $"{node.InstanceLocation} ({node.EvaluationPath}): {error}";
        foreach (var child in node.Details ?? [])
            foreach (var failure in Failures(child))
                yield return failure;
    }

    private static string Truncate(string body) => body.Length > 1500 ? body[..1500] + "…" : body;

    private static string[] Segments(string path) =>
        path.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
}
