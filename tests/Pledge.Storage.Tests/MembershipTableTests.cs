using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Pledge.Storage.Tests;

/// <summary>
/// Membership through the real AdoNet clustering table on our schema. Each test uses a cluster of its own
/// (DeploymentId = ClusterId), so the running silo's rows do not move the versions checked here.
/// </summary>
[Collection(OrleansSiloCollection.Name)]
public sealed class MembershipTableTests(OrleansSiloFixture silo)
{
    private static readonly DateTime Started = Truncated(DateTime.UtcNow);

    private Task<IMembershipTable> NewClusterAsync() => NewClusterAsync("contract-" + Guid.NewGuid().ToString("N"));

    private async Task<IMembershipTable> NewClusterAsync(string clusterId)
    {
        IMembershipTable table = new AdoNetClusteringTable(
            silo.Services,
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = OrleansSiloFixture.ServiceId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = silo.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private static MembershipEntry Silo(int port, SiloStatus status = SiloStatus.Joining) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 7),
        SiloName = $"silo-{port}",
        HostName = "localhost",
        Status = status,
        ProxyPort = port + 1000,
        StartTime = Started,
        IAmAliveTime = Started,
    };

    // The table keeps milliseconds.
    private static DateTime Truncated(DateTime t) => new(t.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    [Fact]
    public async Task A_new_cluster_has_version_zero_and_no_rows_and_initialising_again_keeps_it()
    {
        var table = await NewClusterAsync();
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        Assert.Equal(0, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Insert_with_the_table_version_then_read_all_and_read_one()
    {
        var table = await NewClusterAsync();
        var v0 = (await table.ReadAllAsync()).Version;
        var a = Silo(11001);
        Assert.True(await table.InsertRowAsync(a, v0.Next()));

        var afterA = await table.ReadAllAsync();
        Assert.Equal(1, afterA.Version.Version);
        var (read, _) = Assert.Single(afterA.Members);
        Assert.Equal(a.SiloAddress, read.SiloAddress);
        Assert.Equal("silo-11001", read.SiloName);
        Assert.Equal("localhost", read.HostName);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.Equal(12001, read.ProxyPort);
        Assert.Equal(Started, read.StartTime.ToUniversalTime());
        Assert.Equal(Started, read.IAmAliveTime.ToUniversalTime());

        var b = Silo(11002);
        Assert.True(await table.InsertRowAsync(b, afterA.Version.Next()));
        var all = await table.ReadAllAsync();
        Assert.Equal(2, all.Version.Version);
        Assert.Equal([a.SiloAddress, b.SiloAddress], all.Members.Select(m => m.Item1.SiloAddress).OrderBy(s => s.Endpoint.Port));

        var one = await table.ReadRowAsync(b.SiloAddress);
        Assert.Equal(2, one.Version.Version);
        Assert.Equal(b.SiloAddress, Assert.Single(one.Members).Item1.SiloAddress);

        // An unknown silo still reads the table version, with no member.
        var none = await table.ReadRowAsync(SiloAddress.New(IPAddress.Loopback, 11999, 7));
        Assert.Empty(none.Members);
        Assert.Equal(2, none.Version.Version);
    }

    [Fact]
    public async Task Inserts_and_updates_with_a_stale_table_version_are_refused_and_change_nothing()
    {
        var table = await NewClusterAsync();
        var v0 = (await table.ReadAllAsync()).Version;
        var a = Silo(12001);
        Assert.True(await table.InsertRowAsync(a, v0.Next()));

        // Stale: the version has moved on from v0.
        Assert.False(await table.InsertRowAsync(Silo(12002), v0.Next()));
        var v1 = await table.ReadAllAsync();
        Assert.Equal(1, v1.Version.Version);
        Assert.Single(v1.Members);

        // Same silo twice with the current version: refused, version unchanged.
        Assert.False(await table.InsertRowAsync(Silo(12001), v1.Version.Next()));
        Assert.Equal(1, (await table.ReadAllAsync()).Version.Version);

        var (row, etag) = Assert.Single(v1.Members);
        row.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(row, etag, v0.Next()));
        var unchanged = await table.ReadAllAsync();
        Assert.Equal(1, unchanged.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(unchanged.Members).Item1.Status);

        // An update of a silo that has no row is refused and does not move the version either.
        Assert.False(await table.UpdateRowAsync(Silo(12999), "", unchanged.Version.Next()));
        Assert.Equal(1, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Update_with_the_table_version_moves_it_on_and_IAmAlive_does_not()
    {
        var table = await NewClusterAsync();
        var a = Silo(13001);
        Assert.True(await table.InsertRowAsync(a, (await table.ReadAllAsync()).Version.Next()));
        var v1 = await table.ReadAllAsync();
        var (row, etag) = Assert.Single(v1.Members);

        var suspectedAt = Truncated(DateTime.UtcNow);
        row.Status = SiloStatus.Active;
        row.IAmAliveTime = suspectedAt;
        row.AddOrUpdateSuspector(SiloAddress.New(IPAddress.Loopback, 13002, 7), suspectedAt, 10);
        Assert.True(await table.UpdateRowAsync(row, etag, v1.Version.Next()));

        var v2 = await table.ReadRowAsync(a.SiloAddress);
        Assert.Equal(2, v2.Version.Version);
        var updated = Assert.Single(v2.Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        var suspicion = Assert.Single(updated.SuspectTimes!);
        Assert.Equal(13002, suspicion.Item1.Endpoint.Port);

        var alive = Truncated(DateTime.UtcNow.AddSeconds(30));
        updated.IAmAliveTime = alive;
        await table.UpdateIAmAliveAsync(updated);
        var v2Again = await table.ReadRowAsync(a.SiloAddress);
        Assert.Equal(2, v2Again.Version.Version);
        Assert.Equal(alive, Assert.Single(v2Again.Members).Item1.IAmAliveTime.ToUniversalTime());
    }

    [Fact]
    public async Task Cleanup_sweeps_old_rows_that_are_not_active_and_delete_removes_the_cluster()
    {
        var clusterId = "contract-" + Guid.NewGuid().ToString("N");
        var table = await NewClusterAsync(clusterId);
        Assert.True(await table.InsertRowAsync(Silo(14001, SiloStatus.Dead), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Silo(14002, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        var left = await table.ReadAllAsync();
        Assert.Equal(14002, Assert.Single(left.Members).Item1.SiloAddress.Endpoint.Port);

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        await using var dataSource = NpgsqlDataSource.Create(silo.ConnectionString);
        await using var count = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1)"
            + " + (SELECT count(*) FROM orleansmembershipversiontable WHERE deploymentid = $1)");
        count.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        // Other clusters are untouched: the running silo still lists itself.
        Assert.NotEmpty((await silo.Services.GetRequiredService<IMembershipTable>().ReadAllAsync()).Members);
    }

    [Fact]
    public async Task The_running_silo_is_an_active_member_and_its_gateway_is_listed()
    {
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            silo.Services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = silo.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = OrleansSiloFixture.ClusterId, ServiceId = OrleansSiloFixture.ServiceId }));
        await gateways.InitializeGatewayListProvider();
        var uri = Assert.Single(await gateways.GetGateways());
        Assert.Equal(IPAddress.Loopback.ToString(), uri.Host);

        var self = silo.Services.GetService(typeof(ILocalSiloDetails)) as ILocalSiloDetails;
        Assert.NotNull(self);
        Assert.Equal(self.GatewayAddress!.Endpoint.Port, uri.Port);
    }
}
