using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Pledge.Hosting;

namespace Pledge.Api.Problems;

/// <summary>
/// While the database is unreachable a request fails fast with 503 and Retry-After, so clients back off and retry
/// (idempotency keys make the retry safe); nothing was acknowledged, so nothing is lost.
/// </summary>
public sealed class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception))
            return false;
        logger.LogWarning("Storage unavailable: {Error}", exception.GetType().Name);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problem.Create(StatusCodes.Status503ServiceUnavailable, "storage_unavailable", "Storage is unavailable; retry after the indicated delay.")
            .ExecuteAsync(httpContext);
        return true;
    }

    private static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is StorageUnavailableException or NpgsqlException or SocketException or TimeoutException) return true;
        return false;
    }
}
