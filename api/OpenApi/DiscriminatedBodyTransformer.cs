using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Documents a body the endpoint reads as a JSON tree (to pick the record by a discriminator first) as what it
/// really accepts: <c>oneOf</c> the variant records, each with its discriminator value and the shared members, and a
/// <c>discriminator</c> mapping, so a generated client gets one type per variant. Left alone, the framework could
/// only say "an object".
/// </summary>
internal sealed class DiscriminatedBodyTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DiscriminatedBody>().FirstOrDefault() is not { } body
            || context.Document is not { } document)
            return;
        var shared = await context.GetOrCreateSchemaAsync(body.Envelope, null, cancellationToken);
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        foreach (var (name, type) in body.Variants)
        {
            var record = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
            var variant = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = record.Description,
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    [body.Property] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(name)] },
                },
                Required = new HashSet<string>(StringComparer.Ordinal) { body.Property },
                // Unknown members are refused (400), so the schema says none are allowed.
                AdditionalPropertiesAllowed = false,
            };
            foreach (var source in new[] { shared, record })
            {
                foreach (var (member, schema) in source.Properties ?? new Dictionary<string, IOpenApiSchema>())
                    variant.Properties[member] = schema;
                foreach (var member in source.Required ?? new HashSet<string>())
                    variant.Required.Add(member);
            }
            SchemaReferences.RestoreNullable(variant, json.Value.SerializerOptions.GetTypeInfo(type));
            SchemaReferences.RestoreNullable(variant, json.Value.SerializerOptions.GetTypeInfo(body.Envelope));
            var id = type.Name + body.VariantSuffix;
            document.AddComponent<IOpenApiSchema>(id, SchemaReferences.Referenced(variant, document, isRoot: true));
            mapping[name] = new OpenApiSchemaReference(id, document);
        }
        document.AddComponent<IOpenApiSchema>(body.Name, new OpenApiSchema
        {
            OneOf = [.. mapping.Values],
            Discriminator = new OpenApiDiscriminator { PropertyName = body.Property, Mapping = mapping },
        });
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(body.Name, document) },
            },
        };
    }
}
