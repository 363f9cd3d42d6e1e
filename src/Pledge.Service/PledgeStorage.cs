using Microsoft.Extensions.Configuration;

namespace Pledge.Service;

/// <summary>Which configuration a node runs: <c>Pledge:Storage</c> = <c>memory</c> (the embedded default) or <c>postgres</c>.</summary>
public static class PledgeStorage
{
    public static bool IsEmbedded(IConfiguration configuration) =>
        !string.Equals(configuration["Pledge:Storage"], "postgres", StringComparison.Ordinal);
}
