using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Pledge.Bookings.Policies;
using Pledge.Cases;
using Pledge.Conduct.Screening;
using Pledge.Domain.Policies;
using Pledge.Service.Policies;
using System.Text.Json.Nodes;

namespace Pledge.Api.OpenApi;

/// <summary>
/// A policy document travels as raw JSON (its family reads it), so the framework sees only "any value". This names
/// what each family accepts: <c>PolicyView</c> and <c>PutPolicyRequest</c> become bases discriminated by
/// <c>family</c>, each family's variant (<c>CasePolicyView</c>, <c>CasePolicyPut</c>…) <c>allOf</c> the base and
/// its strict document (an unknown field is a 400), so a generated client reads a case policy as a case policy.
/// </summary>
/// <remarks>A document transformer, because it runs once every schema is in the components it refers to.</remarks>
internal sealed class PolicyDocumentSchema(IOptions<JsonOptions> json) : IOpenApiDocumentTransformer
{
    private static readonly (string Family, Type Type)[] Families =
    [
        (PolicyFamilies.Conversation.Family, typeof(ConversationPolicy)),
        (PolicyFamilies.Booking.Family, typeof(BookingPolicy)),
        (PolicyFamilies.Case.Family, typeof(CasePolicy)),
        (PolicyFamilies.Screening.Family, typeof(ScreeningPolicy)),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (_, type) in Families)
        {
            if (document.Components?.Schemas?.ContainsKey(type.Name) is not true)
                document.AddComponent<IOpenApiSchema>(type.Name,
                    SchemaReferences.Referenced(await context.GetOrCreateSchemaAsync(type, null, cancellationToken), document, isRoot: true));
            if (document.Components!.Schemas![type.Name] is OpenApiSchema filed)
                SchemaReferences.RestoreNullable(filed, json.Value.SerializerOptions.GetTypeInfo(type));
        }
        Discriminate(document, "PolicyView", "View");
        Discriminate(document, "PutPolicyRequest", "Put");
    }

    private static void Discriminate(OpenApiDocument document, string name, string suffix)
    {
        if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(name, out var found) || found is not OpenApiSchema { Properties: { } properties } schema)
            return;
        properties.Remove("policy");
        schema.Required?.Remove("policy");
        schema.Required?.Add("family");
        // The family's variant adds the document; unevaluatedProperties there refuses anything else.
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        properties["family"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. Families.Select(f => (JsonNode)JsonValue.Create(f.Family))],
            Description = suffix == "Put"
                ? "The policy's family; it chooses the document's shape. (The service also takes it omitted for an existing name.)"
                : "The policy's family; it chooses the document's shape.",
        };
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        foreach (var (family, type) in Families)
        {
            var id = type.Name + suffix;
            document.AddComponent<IOpenApiSchema>(id, new OpenApiSchema
            {
                AllOf =
                [
                    new OpenApiSchemaReference(name, document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "policy" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["policy"] = new OpenApiSchemaReference(type.Name, document),
                        },
                    },
                ],
                UnevaluatedProperties = false,
            });
            mapping[family] = new OpenApiSchemaReference(id, document);
        }
        schema.Discriminator = new OpenApiDiscriminator { PropertyName = "family", Mapping = mapping };
    }
}
