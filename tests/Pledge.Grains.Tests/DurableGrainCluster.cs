using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;
using Pledge.Grains.Entities;
using Pledge.Grains.Hosting;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;
using Pledge.Testing;

namespace Pledge.Grains.Tests;

/// <summary>
/// Two silos in process on a real throwaway PostgreSQL: AdoNet membership, grain storage and reminders on the
/// schema our migrations write, every grain on one <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class DurableGrainCluster : IAsyncLifetime
{
    /// <summary>
    /// The xunit collection of every test class with this fixture: the silos' configurators read the static fields
    /// below, so two such clusters must never start side by side.
    /// </summary>
    public const string Collection = "durable grain clusters";

    internal static FakeTimeProvider SharedClock = new();
    internal static string SharedConnectionString = "";

    public TestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider App { get; private set; } = null!;

    public IEntityHost Host => App.GetRequiredService<IEntityHost>();

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        ConnectionString = SharedConnectionString = PledgeDatabase.ConnectionString(Configuration(await server.CreateDatabaseAsync()));
        await PledgeDatabase.MigrateAsync(ConnectionString);
        Clock = SharedClock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.AddSiloBuilderConfigurator<Silos>();
        builder.AddClientBuilderConfigurator<Clients>();
        Cluster = builder.Build();
        await Cluster.DeployWithRemindersAsync(Clock.Advance);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPledgeService(Configuration(ConnectionString));
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        services.AddSingleton<IGrainFactory>(Cluster.Client);
        App = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (App is IAsyncDisposable app) await app.DisposeAsync();
    }

    private static IConfiguration Configuration(string connectionString) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Pledge:Storage"] = "postgres", ["ConnectionStrings:Pledge"] = connectionString })
        .Build();

    private sealed class Silos : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var cs = SharedConnectionString;
            silo.UseAdoNetClustering(o => { o.Invariant = PledgeDatabase.Invariant; o.ConnectionString = cs; });
            silo.AddPledgePostgresStorage(cs);
            // A killed silo is declared dead within seconds, so its reminders move to the survivor while the test waits.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            var services = silo.Services;
            services.AddPledgeService(Configuration(cs));
            services.AddSingleton<TimeProvider>(SharedClock);
            services.AddPledgeGrainServices();
        }
    }

    private sealed class Clients : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseAdoNetClustering(o => { o.Invariant = PledgeDatabase.Invariant; o.ConnectionString = SharedConnectionString; });
    }
}
