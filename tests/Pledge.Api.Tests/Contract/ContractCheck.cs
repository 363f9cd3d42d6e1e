namespace Pledge.Api.Tests.Contract;

/// <summary>
/// Checks every response an API test client receives against the service's OpenAPI document (fetched once, through
/// the same server), so every API test is also a contract test: a status, content type or body the document does
/// not describe throws <see cref="ContractViolationException"/> at the call. Requests to routes the document does
/// not list (health, the document itself, probes of unknown paths) are not checked.
/// </summary>
public sealed class ContractCheck : DelegatingHandler
{
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static OpenApiContract? contract;

    /// <summary>Every violation seen in this process, for a test that wants to assert there were none.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> Violations { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var checker = await ContractAsync(request.RequestUri!, cancellationToken);
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (checker.Check(request.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, mediaType, body) is { } violation)
        {
            Violations.Enqueue(violation);
            throw new ContractViolationException(violation);
        }
        return response;
    }

    private async Task<OpenApiContract> ContractAsync(Uri reached, CancellationToken cancellationToken)
    {
        if (contract is { } known) return known;
        await Loading.WaitAsync(cancellationToken);
        try
        {
            if (contract is null)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(reached, "/openapi/v1.json"));
                using var response = await base.SendAsync(get, cancellationToken);
                response.EnsureSuccessStatusCode();
                contract = new OpenApiContract(await response.Content.ReadAsStringAsync(cancellationToken));
            }
            return contract;
        }
        finally
        {
            Loading.Release();
        }
    }
}
