using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>Puts each request shape's example (<see cref="ContractExamples"/>) on its schema.</summary>
internal sealed class ExampleSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Only the record's own schema, not a property that merely has its type.
        if (context.JsonPropertyInfo is null && ContractExamples.For(context.JsonTypeInfo.Type) is { } example)
            schema.Examples = [example];
        return Task.CompletedTask;
    }
}
