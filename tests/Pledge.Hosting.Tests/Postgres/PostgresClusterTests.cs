using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pledge.Hosting.Postgres;
using Pledge.Hosting.Tests.Toys;
using Pledge.Testing;

namespace Pledge.Hosting.Tests.Postgres;

/// <summary>What only the durable host promises: migrations under concurrency, several nodes on one database, group commit.</summary>
public sealed class PostgresClusterTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private ServiceProvider Node(bool batch = true) =>
        new ServiceCollection().AddLogging()
            .AddPledgePostgresHost(database.ConnectionString, o => o.BatchCommits = batch)
            .AddEntityKind(Counters.Kind())
            .BuildServiceProvider();

    [Fact]
    public async Task Nodes_starting_together_apply_each_migration_once()
    {
        var connection = await database.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var migrators = Enumerable.Range(0, 4).Select(_ => new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance)).ToArray();
        var applied = await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync())));

        var expected = PostgresMigrator.Migrations.Select(m => m.Version).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, applied.SelectMany(a => a).Order());
        Assert.Empty(await migrators[0].MigrateAsync());
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM pledge.schema_migrations");
        Assert.Equal((long)expected.Length, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_nodes_writing_one_key_serialise_and_other_keys_commit_alongside()
    {
        await using var first = Node();
        await using var second = Node(batch: false);
        await first.GetRequiredService<PostgresMigrator>().MigrateAsync();
        var kind = Counters.Kind();
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        var hosts = new[] { first.GetRequiredService<IEntityHost>(), second.GetRequiredService<IEntityHost>() };

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            hosts[i % 2].SendAsync(kind, new EntityId(tenant, i % 3 == 0 ? "other-" + i : "hot"), new Add(1)))));

        var hot = await hosts[0].GetAsync(kind, new EntityId(tenant, "hot"));
        Assert.Equal(40, hot!.State.Total);
        var history = await hosts[1].GetHistoryAsync("counter", new EntityId(tenant, "hot"));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), history.Select(e => e.Sequence));
        Assert.Equal(20, (await hosts[1].ListAsync(kind, tenant, null, "other-", 100)).Count);
    }

    [Fact]
    public async Task Group_commit_writes_concurrent_commands_for_different_keys_together()
    {
        await using var node = Node();
        // Only this node's meter: other test classes run nodes at the same time.
        var meters = node.GetRequiredService<IMeterFactory>();
        var sizes = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == HostingMetrics.MeterName && instrument.Name == "pledge.commits.batch_size")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (sizes) sizes.Add(value); });
        listener.Start();

        await node.GetRequiredService<PostgresMigrator>().MigrateAsync();
        var host = node.GetRequiredService<IEntityHost>();
        var kind = Counters.Kind();
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => host.SendAsync(kind, new EntityId(tenant, "k" + i % 200), new Add(1), "m" + i)));

        Assert.All(results, r => Assert.Null(r.Rejection));
        Assert.Equal(200, (await host.ListAsync(kind, tenant, null, null, 1000)).Count(s => s.State.Total == 2));
        lock (sizes)
        {
            Assert.Equal(400, sizes.Sum());
            Assert.True(sizes.Max() > 1, $"every commit held one command ({sizes.Count} commits)");
        }
    }

    [Fact]
    public async Task An_unreachable_database_answers_storage_unavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var node = new ServiceCollection().AddLogging()
            .AddPledgePostgresHost($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2")
            .BuildServiceProvider();
        var host = node.GetRequiredService<IEntityHost>();
        var kind = Counters.Kind();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.SendAsync(kind, new EntityId("t", "a"), new Add(1)));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.GetAsync(kind, new EntityId("t", "a")));
    }
    [Fact]
    public async Task After_a_database_restart_the_same_host_recovers_by_itself()
    {
        await using var server = await PostgresServer.StartAsync();
        var connection = await server.CreateDatabaseAsync();
        await using var node = new ServiceCollection().AddLogging()
            .AddPledgePostgresHost(connection)
            .AddEntityKind(Counters.Kind())
            .BuildServiceProvider();
        await node.GetRequiredService<PostgresMigrator>().MigrateAsync();
        var host = node.GetRequiredService<IEntityHost>();
        var kind = Counters.Kind();
        var id = new EntityId("t", "a");
        await host.SendAsync(kind, id, new Add(1), "m1");

        await server.StopAsync();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.SendAsync(kind, id, new Add(1), "m2"));
        await server.StartServerAsync();

        // Pooled connections died with the server; the host must not need a restart of its own.
        var retried = await host.SendAsync(kind, id, new Add(1), "m2");
        var repeated = await host.SendAsync(kind, id, new Add(1), "m2");
        Assert.False(retried.Duplicate);
        Assert.True(repeated.Duplicate);
        Assert.Equal(2, (await host.GetAsync(kind, id))!.State.Total);
    }
}
