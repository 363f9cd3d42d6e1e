using System.Security.Claims;

namespace Pledge.Api.Auth;

/// <summary>The caller's tenant, taken from the authenticated key (never from the URL or body).</summary>
public static class TenantContext
{
    public static string Tenant(this ClaimsPrincipal user) =>
        user.FindFirstValue(PledgeClaims.Tenant) ?? throw new InvalidOperationException("Route requires a tenant key.");

    public static string Actor(this ClaimsPrincipal user) => user.FindFirstValue(PledgeClaims.KeyId) ?? "anonymous";
}
