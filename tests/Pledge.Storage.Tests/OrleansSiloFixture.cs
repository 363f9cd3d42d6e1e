using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Pledge.Hosting.Postgres;
using Pledge.Testing;

namespace Pledge.Storage.Tests;

/// <summary>
/// A fresh database with our migrations applied, and one real silo on loopback whose clustering, grain storage
/// ("pledge") and reminders all run on it through the Orleans AdoNet providers.
/// </summary>
public sealed class OrleansSiloFixture : IAsyncLifetime
{
    public const string StorageName = "pledge";
    public const string ServiceId = "pledge";
    public const string ClusterId = "pledge-storage-tests";

    private IHost? host;

    public PostgresServer Server { get; private set; } = null!;

    /// <summary>The database's connection string with the options we recommend for the providers.</summary>
    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("The silo has not started.");

    public IReadOnlyList<int> AppliedAtFirstStart { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        ConnectionString = ProviderConnectionString(await Server.CreateDatabaseAsync());
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionString))
            AppliedAtFirstStart = await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();

        host = BuildSilo(ConnectionString);
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is null) return;
        await host.StopAsync();
        host.Dispose();
    }

    /// <summary>The connection-string options we recommend for the Orleans AdoNet providers on PostgreSQL.</summary>
    public static string ProviderConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            // The providers open and close a pooled connection per call: skip the DISCARD ALL on every return,
            // and keep their few hot statements prepared per physical connection.
            NoResetOnClose = true,
            MaxAutoPrepare = 20,
        }.ConnectionString;

    /// <summary>The provider configuration a Pledge silo uses (kept here in one place so hosting can copy it).</summary>
    public static IHost BuildSilo(string connectionString) =>
        new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = ServiceId;
                });
                var siloPort = Loopback.FreePort();
                var gatewayPort = Loopback.FreePort();
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = IPAddress.Loopback;
                    o.SiloPort = siloPort;
                    o.GatewayPort = gatewayPort;
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, gatewayPort);
                });
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageName, o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
            })
            .Build();
}

[CollectionDefinition(Name)]
public sealed class OrleansSiloCollection : ICollectionFixture<OrleansSiloFixture>
{
    public const string Name = "orleans-silo";
}
