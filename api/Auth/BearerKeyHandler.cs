using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Pledge.Api.Configuration;
using Pledge.Service.Tenancy;

namespace Pledge.Api.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against tenant keys or the bootstrap operator key.</summary>
public sealed class BearerKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyDirectory keys,
    IOptions<PledgeApiOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Authorization must be 'Bearer <key>'.");
        var token = header["Bearer ".Length..].Trim();

        if (IsBootstrapKey(token))
            return Success(new Claim(PledgeClaims.Role, PledgeClaims.OperatorRole), new Claim(PledgeClaims.KeyId, "bootstrap"));

        var found = await keys.ValidateAsync(token, Context.RequestAborted);
        if (found is not { } key)
            return AuthenticateResult.Fail("Unknown or revoked key.");
        return Success(
            new Claim(PledgeClaims.Tenant, key.Tenant),
            new Claim(PledgeClaims.KeyId, $"{key.Tenant}.{key.KeyId}"),
            new Claim(PledgeClaims.Role, key.Role.ToString().ToLowerInvariant()));
    }

    private bool IsBootstrapKey(string token)
    {
        var bootstrap = settings.Value.Auth.BootstrapKey;
        return bootstrap is not null
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(bootstrap)));
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
