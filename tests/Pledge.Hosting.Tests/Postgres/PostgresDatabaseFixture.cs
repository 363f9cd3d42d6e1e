using Pledge.Testing;

namespace Pledge.Hosting.Tests.Postgres;

/// <summary>A fresh database per test class on the run's one shared throwaway server.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        ConnectionString = await Server.CreateDatabaseAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
