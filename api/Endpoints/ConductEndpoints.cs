using System.Security.Claims;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Conduct.Conduct;
using Pledge.Conduct.Screening;
using Pledge.Service.Conduct;

namespace Pledge.Api.Endpoints;

/// <summary>Owners' metrics and conduct, reviewers' decisions on violations, and on-demand screening.</summary>
public static class ConductEndpoints
{
    public sealed record ScreenRequest(string Text);

    public sealed record ViolationDecisionRequest(ViolationDecision Decision, string? Reason = null);

    public static void MapConductEndpoints(this IEndpointRouteBuilder routes)
    {
        var app = routes.MapGroup("").ProducesKeyedProblems();
        app.MapGet("/v1/owners/{id}", async (string id, ClaimsPrincipal user, OwnerService owners, CancellationToken ct) =>
            Ids.Check(id, "id") ?? (await owners.GetAsync(user.Tenant(), id, ct) is { } profile ? Results.Ok(profile) : Problem.NotFound("owner")))
            .RequireAuthorization(AccessPolicies.Read).WithTags("Owners")
            .WithName("GetOwner")
            .WithSummary("An owner's response rates and conduct: points, violations, sanctions.")
            .Produces<OwnerProfile>()
            .ProducesLookupProblems();

        app.MapPost("/v1/owners/{id}/violations/{violationId}", (string id, string violationId, ViolationDecisionRequest request,
                ClaimsPrincipal user, OwnerService owners, CancellationToken ct) => DecideAsync(id, false, violationId, request, user, owners, ct))
            .RequireAuthorization(AccessPolicies.Review).WithTags("Owners")
            .WithName("DecideOwnerViolation")
            .Produces<ConductView>()
            .ProducesBodyProblems().ProducesRejections();

        app.MapPost("/v1/customers/{id}/violations/{violationId}", (string id, string violationId, ViolationDecisionRequest request,
                ClaimsPrincipal user, OwnerService owners, CancellationToken ct) => DecideAsync(id, true, violationId, request, user, owners, ct))
            .RequireAuthorization(AccessPolicies.Review).WithTags("Customers")
            .WithName("DecideCustomerViolation")
            .Produces<ConductView>()
            .ProducesBodyProblems().ProducesRejections();

        app.MapPost("/v1/screen", async (ScreenRequest request, ClaimsPrincipal user, TenantScreening screening, CancellationToken ct) =>
                request.Text.Length > ConversationEndpoints.MaxTextLength
                    ? Problem.Invalid("text", $"'text' may hold at most {ConversationEndpoints.MaxTextLength} characters.")
                    : Results.Ok((await screening.ForAsync(user.Tenant(), ct)).Screen(request.Text)))
            .RequireAuthorization(AccessPolicies.Read).WithTags("Screening")
            .WithName("Screen")
            .WithSummary("Screen a text with the tenant's rules, as messages are: categories and findings with spans.")
            .Produces<ScreeningResult>()
            .ProducesBodyProblems();
    }

    private static async Task<IResult> DecideAsync(string id, bool customer, string violationId, ViolationDecisionRequest request,
        ClaimsPrincipal user, OwnerService owners, CancellationToken ct)
    {
        if ((Ids.Check(id, "id") ?? Ids.Check(violationId, "violationId")) is { } bad) return bad;
        if (request.Reason is { Length: > 1000 }) return Problem.Invalid("reason", "'reason' may hold at most 1000 characters.");
        var (view, rejection) = await owners.DecideAsync(user.Tenant(), id, customer, violationId, request.Decision, request.Reason, user.Actor(), ct);
        return view is null ? Problem.From(rejection!) : Results.Ok(view);
    }
}
