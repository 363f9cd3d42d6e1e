using System.Net;
using System.Text.Json;

namespace Pledge.Api.Tests;

/// <summary>Checks that a response is an RFC 9457 problem with the expected status (and field, when given).</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
            Assert.Equal(field, problem.GetProperty("field").GetString());
        return problem;
    }
}
