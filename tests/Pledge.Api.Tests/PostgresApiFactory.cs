using Pledge.Testing;

namespace Pledge.Api.Tests;

/// <summary>
/// The API on the durable configuration (<c>Pledge:Storage=postgres</c>) in a fresh database of the run's throwaway
/// PostgreSQL server, with its silo in process and rate limits out of the way.
/// </summary>
public class PostgresApiFactory : PledgeApiFactory, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        UseDatabase(Settings, ConnectionString);
        Settings["Pledge:Limits:RequestsPerSecond"] = "1000000";
        Settings["Pledge:Limits:Burst"] = "1000000";
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Points a factory's settings at <paramref name="connectionString"/> in the durable configuration.</summary>
    public static void UseDatabase(Dictionary<string, string?> settings, string connectionString)
    {
        settings["Pledge:Storage"] = "postgres";
        settings["ConnectionStrings:Pledge"] = connectionString;
    }
}
