using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Pledge.Grains.Entities;
using Pledge.Grains.Hosting;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;

namespace Pledge.Grains.Tests;

/// <summary>
/// Two silos in process on memory storage and memory reminders, every grain on one <see cref="FakeTimeProvider"/>,
/// and Pledge's application services on the cluster client — the embedded configuration spread over two silos.
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    // Silos are built from a configurator type, so what they share with the test lives in statics: one cluster at a
    // time per test assembly (the collection below runs them in turn).
    internal static FakeTimeProvider SharedClock = new();
    internal static InMemoryEntityIndex SharedIndex = new();

    public TestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; private set; } = null!;

    /// <summary>The entity-host seam on the cluster client, as the application services use it.</summary>
    public IEntityHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Clock = SharedClock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        SharedIndex = new InMemoryEntityIndex();
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<Silos>();
        Cluster = builder.Build();
        await Cluster.DeployWithRemindersAsync(Clock.Advance);

        Host = new GrainEntityHost(Cluster.Client, SharedIndex);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Moves the clock and lets the grains' timers and reminders run what fell due.</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>A silo of the embedded configuration on <paramref name="clock"/>.</summary>
    internal static void ConfigureSilo(ISiloBuilder silo, TimeProvider clock, IEntityIndex index)
    {
        silo.AddPledgeMemoryStorage();
        if (Environment.GetEnvironmentVariable("PLEDGE_TEST_SILO_LOGS") == "1") silo.Services.AddLogging(l => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddConsole(l));
        var services = silo.Services;
        services.AddPledgeHostBasics(o => o.AllowPrivateWebhookTargets = true);
        PledgeCatalog.Register(services);
        services.AddSingleton(clock);
        services.AddSingleton(index);
        services.AddPledgeGrainServices();
    }

    private sealed class Silos : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => ConfigureSilo(silo, SharedClock, SharedIndex);
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainCluster>
{
    public const string Name = "grain cluster";
}
