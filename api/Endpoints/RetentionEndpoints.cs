using System.Security.Claims;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Service.Tenancy;

namespace Pledge.Api.Endpoints;

/// <summary>
/// The tenant's data retention: <c>{"messageText":"P30D"}</c> redacts message texts 30 days after they were sent
/// (waits, breaches, rates and cases keep their figures); <c>null</c> keeps texts for ever.
/// </summary>
public static class RetentionEndpoints
{
    public sealed record RetentionRequest(TimeSpan? MessageText);

    public static void MapRetentionEndpoints(this IEndpointRouteBuilder app)
    {
        var retention = app.MapGroup("/v1/retention").WithTags("Retention").RequireAuthorization(AccessPolicies.Admin).ProducesKeyedProblems();

        retention.MapGet("/", async (ClaimsPrincipal user, RetentionService service, CancellationToken ct) =>
            await service.GetAsync(user.Tenant(), ct) is { } view ? Results.Ok(view) : Problem.NotFound("tenant"))
        .WithName("GetRetention")
        .Produces<RetentionView>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        retention.MapPut("/", async (RetentionRequest request, ClaimsPrincipal user, RetentionService service, CancellationToken ct) =>
        {
            var (view, rejection) = await service.SetAsync(user.Tenant(), request.MessageText, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .WithName("SetRetention")
        .Produces<RetentionView>()
        .ProducesBodyProblems().ProducesRejections();
    }
}
