using System.Reflection;
using System.Text.Json;

namespace Pledge.Api.Endpoints;

/// <summary>
/// The id rule for requests read as records rather than field by field: every string property named <c>…Id</c> or
/// <c>Policy</c>, and every item of a string list named <c>…Ids</c>, must be an id (<see cref="Ids"/>). Such
/// values become entity keys, where a stray NUL or slash would break storage, paths and logs.
/// </summary>
public static class RequestIds
{
    public static IResult? Check(object request)
    {
        foreach (var property in request.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (property.PropertyType == typeof(string) && (property.Name.EndsWith("Id", StringComparison.Ordinal) || property.Name == "Policy"))
            {
                if (property.GetValue(request) is string value && Ids.Check(value, field) is { } bad)
                    return bad;
            }
            else if (property.Name.EndsWith("Ids", StringComparison.Ordinal) && property.GetValue(request) is IEnumerable<string> values)
            {
                var index = 0;
                foreach (var value in values)
                {
                    if (Ids.Check(value, $"{field}[{index}]") is { } bad)
                        return bad;
                    index++;
                }
            }
        }
        return null;
    }
}
