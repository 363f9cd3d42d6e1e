using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Service.Tenancy;

namespace Pledge.Api.Endpoints;

/// <summary>Operator routes: tenants and their keys. Only the bootstrap key reaches them.</summary>
public static class TenantEndpoints
{
    public sealed record CreateTenantRequest(string Id);

    public sealed record TenantCreatedResponse(string Id);

    public sealed record IssueKeyRequest(ApiRole Role);

    public sealed record IssuedKeyResponse(string Key, string KeyId, string Tenant, ApiRole Role);

    public static void MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/v1/tenants").RequireAuthorization(AccessPolicies.Operator).WithTags("Tenants").ProducesKeyedProblems();

        tenants.MapPost("/", async (CreateTenantRequest request, KeyDirectory keys, CancellationToken ct) =>
        {
            if (Ids.Check(request.Id, "id") is { } bad) return bad;
            if (request.Id.Contains('.', StringComparison.Ordinal) || request.Id.StartsWith('_'))
                return Problem.Invalid("id", "A tenant id may not contain '.' or start with '_'.");
            var rejection = await keys.CreateTenantAsync(request.Id, ct);
            return rejection is null
                ? Results.Created($"/v1/tenants/{request.Id}", new TenantCreatedResponse(request.Id))
                : Problem.From(rejection);
        })
        .WithName("CreateTenant")
        .WithSummary("Create a tenant (operator key only).")
        .Produces<TenantCreatedResponse>(StatusCodes.Status201Created)
        .ProducesBodyProblems().ProducesRejections();

        tenants.MapPost("/{id}/keys", async (string id, IssueKeyRequest request, KeyDirectory keys, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad) return bad;
            var (key, rejection) = await keys.IssueKeyAsync(id, request.Role, ct);
            return key is null
                ? Problem.From(rejection!)
                : Results.Created($"/v1/tenants/{id}/keys/{key.KeyId}", new IssuedKeyResponse(key.Token, key.KeyId, id, request.Role));
        })
        .WithName("IssueKey")
        .WithSummary("Issue a key of a role (platform, reviewer, admin) for a tenant; the key is shown this once.")
        .Produces<IssuedKeyResponse>(StatusCodes.Status201Created)
        .ProducesBodyProblems().ProducesRejections();
    }
}
