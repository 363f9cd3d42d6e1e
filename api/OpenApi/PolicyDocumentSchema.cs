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
/// what each family accepts: <c>policy</c> is <c>oneOf</c> the family documents, strict (an unknown field is a 400),
/// and <c>family</c> is the family's name. The selector is the sibling <c>family</c>, not a member of the document,
/// so there is no OpenAPI <c>discriminator</c> here; the documents' required members tell them apart.
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
        var documents = new List<IOpenApiSchema>();
        foreach (var (_, type) in Families)
        {
            if (document.Components?.Schemas?.ContainsKey(type.Name) is not true)
                document.AddComponent<IOpenApiSchema>(type.Name,
                    SchemaReferences.Referenced(await context.GetOrCreateSchemaAsync(type, null, cancellationToken), document, isRoot: true));
            if (document.Components!.Schemas![type.Name] is OpenApiSchema filed)
                SchemaReferences.RestoreNullable(filed, json.Value.SerializerOptions.GetTypeInfo(type));
            documents.Add(new OpenApiSchemaReference(type.Name, document));
        }
        foreach (var (name, optionalFamily) in new[] { ("PolicyView", false), ("PutPolicyRequest", true) })
        {
            if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(name, out var schema) || schema is not OpenApiSchema { Properties: { } properties })
                continue;
            properties["policy"] = new OpenApiSchema
            {
                Description = "The policy document of the family named by 'family'. Unknown fields are refused; " +
                    "durations are ISO-8601 (PT2M), case terms whole days, enums snake_case.",
                OneOf = documents,
            };
            var family = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Families.Select(f => (JsonNode)JsonValue.Create(f.Family))],
            };
            if (optionalFamily)
            {
                family.Type |= JsonSchemaType.Null;
                family.Enum.Add(null!);
                family.Description = "Needed only for a new policy name; an existing name keeps its family.";
            }
            properties["family"] = family;
        }
    }
}
