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
}
