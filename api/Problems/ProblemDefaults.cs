using Microsoft.AspNetCore.Http;

namespace Pledge.Api.Problems;

/// <summary>
/// Problems the framework writes itself (a missing or refused key from authorization, a body that is not JSON, an
/// unknown route) get what Pledge's own carry: a <c>code</c> to branch on and a <c>detail</c>, so that every
/// refusal has one shape (<see cref="Problem"/>) and the documented ProblemDetails schema holds for all of them.
/// </summary>
public static class ProblemDefaults
{
    public static void Configure(ProblemDetailsOptions options) => options.CustomizeProblemDetails = context =>
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
            return;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var code = status switch
        {
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status413PayloadTooLarge => "body_too_large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            StatusCodes.Status429TooManyRequests => "rate_limited",
            StatusCodes.Status503ServiceUnavailable => "unavailable",
            >= 500 => "internal_error",
            _ => "bad_request",
        };
        problem.Extensions["code"] = code;
        problem.Title ??= Problem.Title(status);
        problem.Type ??= $"https://pledge.dev/problems/{code}";
        problem.Detail ??= status switch
        {
            StatusCodes.Status401Unauthorized => "A valid bearer key is required.",
            StatusCodes.Status403Forbidden => "This key's role may not do this.",
            StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type: application/json).",
            _ => Problem.Title(status) + ".",
        };
    };
}
