using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Pledge.Cases;

namespace Pledge.Api.OpenApi;

/// <summary>A case term is whole days (1–366, business or elapsed), not a duration: the schema says so, as <see cref="CasePolicy.Validate"/> does.</summary>
internal sealed class CaseTermSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(CaseTerm) || schema.Properties is null)
            return Task.CompletedTask;
        schema.Description = "A time allowed for a step, in whole days; business days count in the tenant's calendar.";
        if (schema.Properties.TryGetValue("days", out var days) && days is OpenApiSchema d)
        {
            d.Minimum = "1";
            d.Maximum = "366";
            d.Format = "int32";
        }
        return Task.CompletedTask;
    }
}
