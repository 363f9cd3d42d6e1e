using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;
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

    // A PostgresException is the server refusing a statement; only connection, shutdown and capacity errors mean
    // "unavailable". Any other (a data error such as a NUL in a key) is a bug to surface, not a reason to retry.
    private static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            // One that crossed the cluster from a silo arrives without its fields (no SqlState): it failed a grain's
            // storage call, which the caller can only retry.
            if (e is PostgresException p)
                return p.SqlState is not { } state || state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
                    || state is "57P01" or "57P02" or "57P03";
            if (e is StorageUnavailableException or NpgsqlException or SocketException or TimeoutException) return true;
            // No silo reachable (durable mode, all silos restarting): the call never reached an entity.
            if (e is OrleansMessageRejectionException or ConnectionFailedException) return true;
            // A driver failure inside a silo that was not wrapped arrives as a type this process cannot name.
            if (e is UnavailableExceptionFallbackException { ExceptionType: { } type } && type.StartsWith("Npgsql.", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
