using Microsoft.Extensions.Options;
using Pledge.Api.Configuration;
using Pledge.Api.Problems;

namespace Pledge.Api;

/// <summary>
/// Refuses a declared oversized body before anything reads it. Kestrel enforces the same limit on undeclared
/// (chunked) bodies; this also holds behind hosts that do not, such as the in-process test server.
/// </summary>
internal sealed class BodySizeLimit(RequestDelegate next, IOptions<PledgeApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.Value.Limits.MaxBodyBytes)
        {
            await Problem.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large",
                $"The body is larger than {options.Value.Limits.MaxBodyBytes} bytes.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
