using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Enums travel as snake_case strings. The framework files an enum's component from its first use, and when that
/// use is nullable the component lists <c>null</c> among the values, so every non-nullable use would admit null;
/// nullable uses already say so themselves (<c>oneOf: [null, the enum]</c>).
/// </summary>
internal sealed class EnumSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum || schema.Enum is not { Count: > 0 } values)
            return Task.CompletedTask;
        for (var i = values.Count - 1; i >= 0; i--)
            if (values[i] is null)
                values.RemoveAt(i);
        schema.Type = JsonSchemaType.String;
        return Task.CompletedTask;
    }
}
