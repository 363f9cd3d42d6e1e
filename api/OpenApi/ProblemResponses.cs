namespace Pledge.Api.OpenApi;

/// <summary>
/// The refusals a route can answer, as OpenAPI response metadata. Every one is an RFC 9457 problem
/// (<c>application/problem+json</c>) carrying <c>code</c>, and <c>field</c> when one field is at fault.
/// </summary>
public static class ProblemResponses
{
    /// <summary>
    /// What any keyed route may answer before or around its handler: no or a bad key (401), a key whose role may not
    /// do this (403), the key's rate limit (429) and storage that is unreachable (503).
    /// </summary>
    public static RouteGroupBuilder ProducesKeyedProblems(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A route reading a JSON body: malformed or unknown fields (400), too large (413), not JSON (415).</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A route whose service may refuse: invalid (400), unknown entity (404), not now (409).</summary>
    public static RouteHandlerBuilder ProducesRejections(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>A read of one entity by id: a malformed id (400) or none of that id (404).</summary>
    public static RouteHandlerBuilder ProducesLookupProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
