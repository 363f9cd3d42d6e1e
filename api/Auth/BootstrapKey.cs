using System.Security.Cryptography;
using Pledge.Api.Configuration;

namespace Pledge.Api.Auth;

/// <summary>
/// The embedded default must run with no setup, so when no operator key is configured it makes one for this
/// process and prints it once. Durable deployments must configure <c>Pledge:Auth:BootstrapKey</c>.
/// </summary>
public static class BootstrapKey
{
    public static string? EnsureForEmbeddedMode(IServiceCollection services, PledgeApiOptions settings)
    {
        if (settings.Auth.BootstrapKey is not null || settings.Storage != "memory")
            return null;
        var key = "op." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        services.PostConfigure<PledgeApiOptions>(o => o.Auth.BootstrapKey ??= key);
        settings.Auth.BootstrapKey = key;
        return key;
    }
}
