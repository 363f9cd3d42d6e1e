using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pledge.Hosting.Postgres;

namespace Pledge.Storage.Tests;

/// <summary>The Orleans schema under our migrator: applied once, again harmlessly, and by two nodes at once.</summary>
[Collection(OrleansSiloCollection.Name)]
public sealed class MigrationTests(OrleansSiloFixture silo)
{
    private static readonly string[] QueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    [Fact]
    public void The_build_carries_the_orleans_migration()
    {
        Assert.Contains(PostgresMigrator.Migrations, m => m.Version == 4 && m.Name == "0004_orleans");
        Assert.Contains(4, silo.AppliedAtFirstStart);
    }

    [Fact]
    public async Task Two_migrators_at_once_then_a_third_apply_everything_once_and_the_query_table_is_complete()
    {
        var connection = await silo.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var migrators = Enumerable.Range(0, 2).Select(_ => new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance)).ToArray();
        var applied = await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync())));

        Assert.Equal(PostgresMigrator.Migrations.Select(m => m.Version), applied.SelectMany(a => a).Order());
        Assert.Empty(await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync());

        await using var keys = dataSource.CreateCommand("SELECT querykey FROM orleansquery ORDER BY querykey");
        var found = new List<string>();
        await using (var reader = await keys.ExecuteReaderAsync())
            while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Running_the_file_again_by_hand_changes_nothing()
    {
        var connection = await silo.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();
        var sql = PostgresMigrator.Migrations.Single(m => m.Version == 4).Sql;

        await using (var seed = dataSource.CreateCommand(
            "INSERT INTO orleansmembershipversiontable (deploymentid, version) VALUES ('kept', 5)"))
            await seed.ExecuteNonQueryAsync();
        await using (var again = dataSource.CreateCommand(sql))
            await again.ExecuteNonQueryAsync();

        await using var check = dataSource.CreateCommand(
            "SELECT (SELECT version FROM orleansmembershipversiontable WHERE deploymentid = 'kept'), (SELECT count(*) FROM orleansquery)");
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(5, reader.GetInt32(0));
        Assert.Equal((long)QueryKeys.Length, reader.GetInt64(1));
    }
}
