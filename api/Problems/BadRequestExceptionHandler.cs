using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Pledge.Api.Problems;

/// <summary>
/// Turns what the framework refuses before an endpoint runs (broken JSON, wrong types, unknown or missing fields,
/// wrong content type, oversized body) into problem details naming the field at fault.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (IsMalformedText(exception))
        {
            await Problem.Create(StatusCodes.Status400BadRequest, "invalid_json", "The body holds text that is not valid UTF-8 or UTF-16.", "body").ExecuteAsync(httpContext);
            return true;
        }
        if (exception is not BadHttpRequestException bad)
            return false;
        var json = FindJsonException(bad);
        var missing = json is null ? null : MissingField(json.Message);
        var field = missing ?? (json?.Path is { Length: > 1 } path ? ToField(path) : null);
        var detail = missing is not null ? $"The field '{missing}' is required."
            : json is not null ? JsonProblem(json, field)
            : bad.Message;
        var code = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "body_too_large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            _ => json is not null ? "invalid_json" : "bad_request",
        };
        await Problem.Create(bad.StatusCode, code, detail, field ?? (json is not null ? "body" : null)).ExecuteAsync(httpContext);
        return true;
    }

    // A body read as a JSON tree (JsonObject, JsonElement) is decoded lazily, so a broken UTF-8 sequence or a lone
    // surrogate surfaces only when an endpoint reads that value, as System.Text.Json's InvalidOperationException.
    private static bool IsMalformedText(Exception e) =>
        e is InvalidOperationException && e.TargetSite?.DeclaringType?.Assembly == typeof(JsonException).Assembly
        && (e.InnerException is DecoderFallbackException || e.Message.Contains("UTF-", StringComparison.Ordinal));

    private static JsonException? FindJsonException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is JsonException j) return j;
        return null;
    }

    // "$.messageId" -> "messageId"; "$.evidence[2].sha256" -> "evidence[2].sha256"
    private static string ToField(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    // System.Text.Json's messages name .NET types; clients need the field and what was wrong.
    private static string JsonProblem(JsonException e, string? field) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"Unknown field '{field}'."
        : field is null ? "The body is not valid JSON." : $"The value of '{field}' is malformed or of the wrong type.";

    // "...was missing required properties including: 'messageId', 'from'." -> "messageId"
    private static string? MissingField(string message)
    {
        const string marker = "including: '";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + marker.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }
}
