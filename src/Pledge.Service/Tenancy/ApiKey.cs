using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Pledge.Service.Tenancy;

/// <summary>
/// A bearer key: <c>pk.{tenant}.{keyId}.{secret}</c>. The tenant and key id route the lookup; only the secret's
/// SHA-256 is stored (the secret has 256 bits of entropy, so a slow hash buys nothing) and it is compared in constant time.
/// </summary>
public sealed record ApiKey(string Tenant, string KeyId, string Secret)
{
    private const string Prefix = "pk";

    public static ApiKey New(string tenant) =>
        new(tenant, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The bearer token to hand out (once).</summary>
    public string Token => $"{Prefix}.{Tenant}.{KeyId}.{Secret}";

    // Records print every member; a key must never reach a log with its secret.
    public override string ToString() => $"{Prefix}.{Tenant}.{KeyId}.***";

    public string SecretHash => Hash(Secret);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKey? key)
    {
        key = null;
        var parts = text?.Split('.');
        if (parts is not [Prefix, var tenant, var keyId, var secret] || tenant.Length == 0 || keyId.Length == 0 || secret.Length == 0)
            return false;
        key = new ApiKey(tenant, keyId, secret);
        return true;
    }

    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SecretHash), Encoding.ASCII.GetBytes(storedHash));

    public static string Hash(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
