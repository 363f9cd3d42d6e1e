namespace Pledge.Api.Auth;

/// <summary>Claim types and role names the bearer handler issues.</summary>
public static class PledgeClaims
{
    public const string Tenant = "pledge:tenant";
    public const string KeyId = "pledge:key";
    public const string Role = "pledge:role";

    /// <summary>The role of the bootstrap operator key; it only manages tenants and their keys.</summary>
    public const string OperatorRole = "operator";
}
