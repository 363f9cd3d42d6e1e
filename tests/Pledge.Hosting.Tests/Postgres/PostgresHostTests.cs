using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pledge.Hosting.Postgres;
using Pledge.Hosting.Tests.Contract;

namespace Pledge.Hosting.Tests.Postgres;

/// <summary>The contract on PostgreSQL, one command per transaction.</summary>
public sealed class PostgresSimpleHostTests(PostgresDatabaseFixture database) : PostgresContract(database, batch: false), IClassFixture<PostgresDatabaseFixture>;

/// <summary>The contract on PostgreSQL with group commit.</summary>
public sealed class PostgresBatchedHostTests(PostgresDatabaseFixture database) : PostgresContract(database, batch: true), IClassFixture<PostgresDatabaseFixture>;

public abstract class PostgresContract(PostgresDatabaseFixture database, bool batch) : EntityHostContract
{
    protected override void AddHost(IServiceCollection services, Action<PledgeHostOptions> configure) =>
        services.AddPledgePostgresHost(database.ConnectionString, o =>
        {
            o.BatchCommits = batch;
            configure(o);
        });

    protected override async Task PrepareAsync(IServiceProvider services)
    {
        await services.GetRequiredService<PostgresMigrator>().MigrateAsync();
        // Tests of one class run one after another on one database: each starts from empty tables.
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            TRUNCATE pledge.entities, pledge.events, pledge.deadlines, pledge.idempotency_keys, pledge.event_outbox,
                     pledge.reaction_outbox, pledge.webhook_deliveries, pledge.webhook_endpoints
            """);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Only_events_an_endpoint_subscribes_to_enter_the_outbox()
    {
        await using var rig = await StartAsync();
        await rig.SendAsync("a", new Toys.Add(1));
        Assert.Equal(0, await OutboxRowsAsync(rig));

        await rig.Webhooks.CreateAsync(rig.Tenant, "https://example.com/hooks", ["ticked"]);
        await rig.SendAsync("a", new Toys.Add(1));
        Assert.Equal(0, await OutboxRowsAsync(rig));
        await rig.Webhooks.CreateAsync(rig.Tenant, "https://example.com/all", ["*"]);
        await rig.SendAsync("a", new Toys.Add(1));
        Assert.Equal(1, await OutboxRowsAsync(rig));
    }

    private static async Task<long> OutboxRowsAsync(HostRig rig)
    {
        await using var count = rig.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM pledge.event_outbox WHERE tenant = $1");
        count.Parameters.Add(new() { Value = rig.Tenant });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
