using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>
/// A schema the framework hands to a transformer (<c>GetOrCreateSchemaAsync</c>) has its nested records inline,
/// each still tagged with its schema id. Put back as references to components, they stay one named type each in
/// the document and in generated clients, instead of one anonymous copy per use.
/// </summary>
internal static class SchemaReferences
{
    // The metadata key under which the framework records a schema's component name.
    private const string SchemaId = "x-schema-id";

    public static IOpenApiSchema Referenced(IOpenApiSchema schema, OpenApiDocument document, bool isRoot = false)
    {
        if (schema is not OpenApiSchema inline)
            return schema;
        if (!isRoot && inline.Metadata?.TryGetValue(SchemaId, out var value) == true && value is string { Length: > 0 } id)
        {
            // A nullable record comes as oneOf [null, the record]: keep the null, refer to the record.
            if (inline.OneOf is { Count: 2 } pair && pair.FirstOrDefault(IsNull) is { } nothing && pair.First(s => !IsNull(s)) is OpenApiSchema record)
            {
                record.Metadata ??= new Dictionary<string, object>();
                record.Metadata[SchemaId] = id;
                return new OpenApiSchema { OneOf = [nothing, Referenced(record, document)], Description = inline.Description };
            }
            // …or as a record whose type also admits null.
            if (inline.Type is { } type && type.HasFlag(JsonSchemaType.Null) && type != JsonSchemaType.Null)
            {
                inline.Type = type & ~JsonSchemaType.Null;
                return new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, Referenced(inline, document)] };
            }
            if (document.Components?.Schemas?.ContainsKey(id) is not true)
            {
                document.AddComponent<IOpenApiSchema>(id, inline);
                Walk(inline, document);
            }
            return new OpenApiSchemaReference(id, document);
        }
        Walk(inline, document);
        return inline;
    }

    /// <summary>
    /// Members of <paramref name="type"/> that may be null but came back as a bare reference (the framework drops
    /// the null of a nested record it has already filed) become <c>oneOf: [null, the record]</c> again.
    /// </summary>
    public static void RestoreNullable(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (schema.Properties is not { } properties)
            return;
        foreach (var member in type.Properties)
            if (member.IsGetNullable && properties.TryGetValue(member.Name, out var property) && property is OpenApiSchemaReference)
                properties[member.Name] = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, property] };
    }

    private static bool IsNull(IOpenApiSchema schema) => schema.Type == JsonSchemaType.Null;

    private static void Walk(OpenApiSchema schema, OpenApiDocument document)
    {
        if (schema.Properties is { } properties)
            foreach (var name in properties.Keys.ToArray())
                properties[name] = Referenced(properties[name], document);
        if (schema.Items is { } items)
            schema.Items = Referenced(items, document);
        if (schema.AdditionalProperties is { } additional)
            schema.AdditionalProperties = Referenced(additional, document);
        foreach (var list in new[] { schema.OneOf, schema.AnyOf, schema.AllOf })
            if (list is not null)
                for (var i = 0; i < list.Count; i++)
                    list[i] = Referenced(list[i], document);
    }
}
