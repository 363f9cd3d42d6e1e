using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Documents a body the endpoint reads as a JSON tree (to pick the record by a discriminator first) as what it
/// really accepts: a base schema holding the discriminator and the shared members, with a <c>discriminator</c>
/// mapping to one schema per variant, each <c>allOf</c> the base and its record. Left alone, the framework could
/// only say "an object".
/// </summary>
/// <remarks>
/// The base-and-allOf form of the OpenAPI discriminator, not <c>oneOf</c> at the point of use: client generators
/// turn it into a base class and one subclass per variant (NSwag fails on a <c>oneOf</c> base that its variants
/// extend, and types a <c>oneOf</c> body as its first variant).
/// </remarks>
internal sealed class DiscriminatedBodyTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DiscriminatedBody>().FirstOrDefault() is not { } body
            || context.Document is not { } document)
            return;
        var shared = await context.GetOrCreateSchemaAsync(body.Envelope, null, cancellationToken);
        SchemaReferences.RestoreNullable(shared, json.Value.SerializerOptions.GetTypeInfo(body.Envelope));
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        var baseSchema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"One of the variants below, chosen by '{body.Property}'. Unknown members are refused (400).",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                [body.Property] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. body.Variants.Keys.Select(k => (JsonNode)JsonValue.Create(k))] },
            },
            Required = new HashSet<string>(StringComparer.Ordinal) { body.Property },
            Discriminator = new OpenApiDiscriminator { PropertyName = body.Property, Mapping = mapping },
        };
        foreach (var (member, schema) in shared.Properties ?? new Dictionary<string, IOpenApiSchema>())
            baseSchema.Properties[member] = SchemaReferences.Referenced(schema, document);
        document.AddComponent<IOpenApiSchema>(body.Name, baseSchema);
        var baseReference = new OpenApiSchemaReference(body.Name, document);
        foreach (var (name, type) in body.Variants)
        {
            var record = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
            SchemaReferences.RestoreNullable(record, json.Value.SerializerOptions.GetTypeInfo(type));
            var own = (OpenApiSchema)SchemaReferences.Referenced(record, document, isRoot: true);
            own.Type = JsonSchemaType.Object;
            // The shared members are the base's; within allOf, unevaluatedProperties (not additionalProperties) refuses the rest.
            own.AdditionalPropertiesAllowed = true;
            own.AdditionalProperties = null;
            // The record's example is a whole body (with the discriminator), so it belongs to the variant, not its part.
            own.Examples = null;
            var id = type.Name + body.VariantSuffix;
            document.AddComponent<IOpenApiSchema>(id, new OpenApiSchema
            {
                Description = own.Description,
                AllOf = [baseReference, own],
                UnevaluatedProperties = false,
                Examples = ContractExamples.For(type) is { } example ? [example] : null,
            });
            mapping[name] = new OpenApiSchemaReference(id, document);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = baseReference },
            },
        };
    }
}
