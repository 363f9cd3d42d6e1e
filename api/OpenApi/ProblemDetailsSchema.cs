using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Adds Pledge's extension members to the framework's <c>ProblemDetails</c> schema: <c>code</c> on every problem,
/// <c>field</c> and <c>errors</c> when one field is at fault (see <see cref="Problems.Problem"/>). Clients branch on
/// <c>code</c>, so the schema must name it.
/// </summary>
internal sealed class ProblemDetailsSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ProblemDetails) && context.JsonTypeInfo.Type != typeof(HttpValidationProblemDetails))
            return Task.CompletedTask;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "What was refused, for code to branch on: invalid, not_found, invalid_json, rate_limited, …",
            Pattern = "^[a-z0-9_]+$",
        };
        schema.Properties["field"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request field at fault, as the request writes it (evidence[2].sha256, policy.dispute.sellerResponse.days, as.role, Idempotency-Key).",
        };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The field at fault and what was wrong with it.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, to quote to support." };
        // Problems may carry further members (such as the actions allowed now, on a refused case action).
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        schema.Required ??= new HashSet<string>();
        foreach (var name in new[] { "type", "title", "status", "detail", "code" })
            schema.Required.Add(name);
        schema.Examples = [new JsonObject
        {
            ["type"] = "https://pledge.dev/problems/invalid",
            ["title"] = "Bad request",
            ["status"] = 400,
            ["detail"] = "'messageId' must be 1-128 characters of letters, digits and -_.:@.",
            ["code"] = "invalid",
            ["field"] = "messageId",
            ["errors"] = new JsonObject { ["messageId"] = new JsonArray("'messageId' must be 1-128 characters of letters, digits and -_.:@.") },
        }];
        return Task.CompletedTask;
    }
}
