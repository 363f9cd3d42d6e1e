using System.Security.Claims;
using System.Text.Json;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Service.Conduct;
using Pledge.Service.Policies;

namespace Pledge.Api.Endpoints;

/// <summary>Policies as data: the shipped presets and the tenant's own versions of them.</summary>
public static class PolicyEndpoints
{
    /// <param name="Family">Needed only for a new policy name: conversation, booking, case or conduct.</param>
    public sealed record PutPolicyRequest(JsonElement Policy, string? Family = null);

    public static void MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/v1/policies").WithTags("Policies").ProducesKeyedProblems();

        policies.MapGet("/", async (ClaimsPrincipal user, PolicyRegistry registry, CancellationToken ct) =>
            Results.Ok(await registry.ListAsync(user.Tenant(), ct)))
            .RequireAuthorization(AccessPolicies.Read)
            .WithName("ListPolicies")
            .WithSummary("The shipped presets and the tenant's own policies, by name.")
            .Produces<IReadOnlyList<PolicyView>>();

        policies.MapGet("/{name}", async (string name, ClaimsPrincipal user, PolicyRegistry registry, CancellationToken ct) =>
            Ids.Check(name, "name") ?? (await registry.GetAsync(user.Tenant(), name, ct) is { } view ? Results.Ok(view) : Problem.NotFound("policy")))
            .RequireAuthorization(AccessPolicies.Read)
            .WithName("GetPolicy")
            .Produces<PolicyView>()
            .ProducesLookupProblems();

        policies.MapPut("/{name}", async (string name, PutPolicyRequest request, ClaimsPrincipal user, PolicyRegistry registry, TenantScreening screening, CancellationToken ct) =>
        {
            if (Ids.Check(name, "name") is { } bad) return bad;
            if (request.Policy.ValueKind != JsonValueKind.Object)
                return Problem.Invalid("policy", "'policy' must be a JSON object.");
            var (view, rejection) = await registry.PutAsync(user.Tenant(), name, request.Family, request.Policy, user.Actor(), ct);
            if (view?.Family == PolicyFamilies.Screening.Family)
                screening.Forget(user.Tenant());
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Admin)
        .WithName("PutPolicy")
        .WithSummary("Publish the tenant's next version of a policy; entities keep the version they opened under.")
        .Produces<PolicyView>()
        .ProducesBodyProblems().ProducesRejections();
    }
}
