using Pledge.Domain.Kernel;

namespace Pledge.Api.Problems;

/// <summary>RFC 9457 problem responses. Every refusal names its code, and the field at fault when there is one.</summary>
public static class Problem
{
    public static IResult From(Rejection rejection) => Create(
        rejection.Kind switch
        {
            RejectionKind.Invalid => StatusCodes.Status400BadRequest,
            RejectionKind.NotFound => StatusCodes.Status404NotFound,
            RejectionKind.Conflict or RejectionKind.NotAllowed => StatusCodes.Status409Conflict,
            RejectionKind.Restricted => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        },
        rejection.Code,
        rejection.Message,
        rejection.Field,
        rejection.Details);

    public static IResult Invalid(string field, string message) => Create(StatusCodes.Status400BadRequest, "invalid", message, field);

    public static IResult NotFound(string what) => Create(StatusCodes.Status404NotFound, "not_found", $"No such {what}.");

    public static IResult Create(int status, string code, string detail, string? field = null, IReadOnlyDictionary<string, string>? details = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }
        foreach (var (name, value) in details ?? new Dictionary<string, string>())
            extensions[name] = value;
        return Results.Problem(detail: detail, statusCode: status, title: Title(status), type: $"https://pledge.dev/problems/{code}", extensions: extensions);
    }

    public static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Content too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
