using Npgsql;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>What the figures were measured on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var model = "unknown CPU";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        }
        catch (IOException)
        {
        }
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
        var gc = GC.GetConfigurationVariables();
        var gen0 = gc.TryGetValue("GCGen0MaxBudget", out var budget) && budget is long bytes ? $"{bytes / 1024 / 1024} MiB" : "not reported";
        return $"{Environment.ProcessorCount} cores ({model}), {memory:0.0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, gen0 budget at most {gen0}";
    }

    public static async Task<string> PostgresVersionAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        return "PostgreSQL " + connection.PostgreSqlVersion;
    }
}
