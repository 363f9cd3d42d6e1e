using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Durations travel as ISO-8601 strings (<c>PT2M</c>, <c>P30D</c>; <see cref="Domain.Json.IsoDurationConverter"/>),
/// not as the framework's default <c>hh:mm:ss</c> pattern for <see cref="TimeSpan"/>.
/// </summary>
internal sealed class IsoDurationSchema : IOpenApiSchemaTransformer
{
    // The forms XmlConvert reads and writes; what it writes uses days and smaller units only.
    public const string Pattern = @"^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(TimeSpan) || Nullable.GetUnderlyingType(type) == typeof(TimeSpan))
            Describe(schema, nullable: type != typeof(TimeSpan));
        // A list of durations (policy tiers): the converter hides the items from the framework.
        else if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && type != typeof(string)
            && type.GetInterfaces().Contains(typeof(IEnumerable<TimeSpan>)))
        {
            var items = new OpenApiSchema();
            Describe(items, nullable: false);
            schema.Items = items;
        }
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiSchema schema, bool nullable)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        schema.Format = "duration";
        schema.Pattern = Pattern;
        schema.Description ??= "An ISO-8601 duration, e.g. PT2M, PT24H, P30D.";
    }
}
