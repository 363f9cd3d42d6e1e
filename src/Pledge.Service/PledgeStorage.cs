using Microsoft.Extensions.Configuration;

namespace Pledge.Service;

/// <summary>Which configuration a node runs: <c>Pledge:Storage</c> = <c>memory</c> (the embedded default) or <c>postgres</c>.</summary>
public static class PledgeStorage
{
    /// <exception cref="InvalidOperationException">The setting names neither configuration.</exception>
    public static bool IsEmbedded(IConfiguration configuration) => configuration["Pledge:Storage"] switch
    {
        null or "" or "memory" => true,
        "postgres" => false,
        var other => throw new InvalidOperationException($"Pledge:Storage must be 'memory' or 'postgres', not '{other}'."),
    };
}
