using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Times travel as ISO-8601 strings with an offset (<see cref="PlausibleTimeConverter"/>). Behind that custom
/// converter the framework can only say "date-time" without a type, which generated clients read as "any object".
/// </summary>
internal sealed class TimeSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying != typeof(DateTimeOffset) && underlying != typeof(DateTime))
            return Task.CompletedTask;
        schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        schema.Format = "date-time";
        return Task.CompletedTask;
    }
}
