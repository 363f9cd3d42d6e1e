using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>
/// A member the response leaves out when it has no value (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>, such as
/// a case's <c>dispute</c> on a complaint) is not required, though it is a constructor parameter: a client must not
/// be told to expect what is not sent.
/// </summary>
internal sealed class OmittedMembersSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is not { Count: > 0 } required)
            return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>().FirstOrDefault();
            if (ignore?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault)
                required.Remove(property.Name);
        }
        return Task.CompletedTask;
    }
}
