using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pledge.Api.Problems;

namespace Pledge.Api.Tests;

/// <summary>Which failures the API answers as 503 + Retry-After (retry) and which it leaves to the 500 handler (a bug).</summary>
public sealed class UnavailableMappingTests
{
    [Fact]
    public async Task A_storage_failure_that_crossed_the_cluster_without_its_fields_is_unavailable_and_a_data_error_is_not()
    {
        // What a silo's failed grain read looks like on the api: Orleans' wrapper around a driver exception whose fields
        // did not survive serialization.
        var stripped = (PostgresException)RuntimeHelpers.GetUninitializedObject(typeof(PostgresException));
        var crossed = new Orleans.Runtime.OrleansException("Error from storage provider during ReadStateAsync", stripped);
        Assert.Equal((true, StatusCodes.Status503ServiceUnavailable), await HandleAsync(crossed));

        var restarting = new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03");
        Assert.Equal((true, StatusCodes.Status503ServiceUnavailable), await HandleAsync(restarting));

        var duplicate = new PostgresException("duplicate key", "ERROR", "ERROR", "23505");
        Assert.False((await HandleAsync(duplicate)).Handled);
    }

    private static async Task<(bool Handled, int Status)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        var handled = await new UnavailableExceptionHandler(NullLogger<UnavailableExceptionHandler>.Instance).TryHandleAsync(context, exception, CancellationToken.None);
        return (handled, context.Response.StatusCode);
    }
}
