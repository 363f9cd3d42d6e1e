using Microsoft.AspNetCore.Authorization;

namespace Pledge.Api.Auth;

/// <summary>
/// Route-level access. <c>admin</c> may do everything inside its tenant; <c>platform</c> ingests and reads;
/// <c>reviewer</c> decides and reads; the operator only manages tenants and keys.
/// </summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Ingest = "ingest";
    public const string Review = "review";
    public const string Admin = "admin";
    public const string Operator = "operator";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireClaim(PledgeClaims.Role, "platform", "reviewer", "admin"));
        options.AddPolicy(Ingest, p => p.RequireClaim(PledgeClaims.Role, "platform", "admin"));
        options.AddPolicy(Review, p => p.RequireClaim(PledgeClaims.Role, "reviewer", "admin"));
        options.AddPolicy(Admin, p => p.RequireClaim(PledgeClaims.Role, "admin"));
        options.AddPolicy(Operator, p => p.RequireClaim(PledgeClaims.Role, PledgeClaims.OperatorRole));
    }
}
