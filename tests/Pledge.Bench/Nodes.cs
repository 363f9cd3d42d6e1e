using Microsoft.Extensions.Configuration;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>
/// One durable Pledge cluster: a database of the throwaway server and a cluster id of its own, so that silos and
/// api nodes of different steps never find each other in the membership table.
/// </summary>
internal sealed record DurableCluster(string ConnectionString, string ClusterId)
{
    public static DurableCluster In(string connectionString, string name) => new(connectionString, $"bench-{name}-{Guid.NewGuid():N}"[..24]);

    /// <summary>The settings every node of the cluster gets, as environment variables.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["Pledge__Storage"] = "postgres",
        ["ConnectionStrings__Pledge"] = ConnectionString,
        ["Pledge__Cluster__ClusterId"] = ClusterId,
    };

    /// <summary>The same settings as configuration keys, for a silo or client in this process.</summary>
    public Dictionary<string, string?> Configuration() => new()
    {
        ["Pledge:Storage"] = "postgres",
        ["ConnectionStrings:Pledge"] = ConnectionString,
        ["Pledge:Cluster:ClusterId"] = ClusterId,
    };

    /// <summary>Applies the schema (Pledge's and Orleans' tables) before any silo or client starts.</summary>
    public Task MigrateAsync() =>
        Pledge.Service.Hosting.PledgeDatabase.MigrateAsync(
            Pledge.Service.Hosting.PledgeDatabase.ConnectionString(new ConfigurationBuilder().AddInMemoryCollection(Configuration()).Build()));
}

/// <summary>The real API (api/Pledge.Api.csproj): embedded (its own silo in process, memory) or an Orleans client of a durable cluster.</summary>
internal static class ApiNode
{
    public const string OperatorKey = "bench-operator-key-0123456789abcdef";

    public static Task<NodeProcess> StartAsync(DurableCluster? cluster, TimeSpan readyTimeout)
    {
        var environment = cluster?.Environment() ?? new Dictionary<string, string>
        {
            // The embedded silo listens too: on free ports, so that nothing else on the machine is joined or disturbed.
            ["Pledge__Silo__SiloPort"] = Loopback.FreePort().ToString(),
            ["Pledge__Silo__GatewayPort"] = Loopback.FreePort().ToString(),
        };
        environment["Pledge__Auth__BootstrapKey"] = OperatorKey;
        // The benchmark is one key pushing as hard as it can: the per-key limit would measure the limiter.
        environment["Pledge__Limits__RequestsPerSecond"] = "1000000";
        environment["Pledge__Limits__Burst"] = "1000000";
        return NodeProcess.StartAsync(cluster is null ? "the API (embedded)" : "the API (Orleans client)", "Pledge.Api", environment, readyTimeout);
    }
}

/// <summary>The real silo (silo/Pledge.Silo.csproj) of a durable cluster, on free loopback ports.</summary>
internal static class SiloNode
{
    public static Task<NodeProcess> StartAsync(DurableCluster cluster, TimeSpan readyTimeout, string name = "the silo")
    {
        var environment = cluster.Environment();
        var gateway = Loopback.FreePort();
        environment["Pledge__Silo__SiloPort"] = Loopback.FreePort().ToString();
        environment["Pledge__Silo__GatewayPort"] = gateway.ToString();
        return NodeProcess.StartAsync(name, "Pledge.Silo", environment, readyTimeout, gatewayPort: gateway);
    }
}
