using System.Security.Claims;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Hosting.Webhooks;
using Pledge.Service.Webhooks;

namespace Pledge.Api.Endpoints;

/// <summary>
/// Webhook endpoints. Each delivery is a POST signed with the endpoint's secret:
/// <c>Pledge-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body))</c>, with <c>Pledge-Timestamp</c> and
/// <c>Pledge-Event-Id</c> (for de-duplication) beside it.
/// </summary>
public static class WebhookEndpoints
{
    /// <param name="EventTypes">Event type names to receive, or <c>["*"]</c> for all.</param>
    public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> EventTypes);

    /// <summary>A registered endpoint with its signing secret, shown this once.</summary>
    public sealed record CreatedWebhookResponse(string Id, string Url, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt, string Secret);

    public const int MaxPageSize = 200;

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Admin).ProducesKeyedProblems();

        webhooks.MapPost("/", async (CreateWebhookRequest request, ClaimsPrincipal user, WebhookService service, CancellationToken ct) =>
        {
            var (created, rejection) = await service.CreateAsync(user.Tenant(), request.Url, request.EventTypes, ct);
            return created is null
                ? Problem.From(rejection!)
                : Results.Created($"/v1/webhooks/{created.Endpoint.Id}",
                    new CreatedWebhookResponse(created.Endpoint.Id, created.Endpoint.Url, created.Endpoint.EventTypes, created.Endpoint.CreatedAt, created.Secret));
        })
        .WithName("CreateWebhook")
        .Produces<CreatedWebhookResponse>(StatusCodes.Status201Created)
        .ProducesBodyProblems().ProducesRejections();

        webhooks.MapGet("/", async (ClaimsPrincipal user, WebhookService service, CancellationToken ct) =>
            Results.Ok(await service.ListAsync(user.Tenant(), ct)))
            .WithName("ListWebhooks")
            .Produces<IReadOnlyList<WebhookEndpoint>>();

        webhooks.MapDelete("/{id}", async (string id, ClaimsPrincipal user, WebhookService service, CancellationToken ct) =>
            Ids.Check(id, "id") ?? (await service.DeleteAsync(user.Tenant(), id, ct) ? Results.NoContent() : Problem.NotFound("webhook")))
            .WithName("DeleteWebhook")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesLookupProblems();

        webhooks.MapGet("/dead-letters", async (long? after, int? limit, ClaimsPrincipal user, WebhookService service, CancellationToken ct) =>
        {
            if (limit is < 1 or > MaxPageSize)
                return Problem.Invalid("limit", $"'limit' must be between 1 and {MaxPageSize}.");
            if (after is < 0)
                return Problem.Invalid("after", "'after' must not be negative.");
            return Results.Ok(await service.DeadLettersAsync(user.Tenant(), after, limit ?? 50, ct));
        })
        .WithName("ListDeadLetters")
        .WithSummary("Deliveries that kept failing for the whole retry period, oldest first, paged with 'after'.")
        .Produces<IReadOnlyList<WebhookDeadLetter>>()
        .ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
