using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pledge.Grains.Hosting;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>
/// Pledge's application layer in this process, wired exactly as the product wires it
/// (<see cref="PledgeServiceCollectionExtensions.AddPledgeService"/>), on a silo hosted here (so the grains' own meter
/// can be listened to) or on an Orleans client of a durable cluster whose silos run elsewhere.
/// </summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    private readonly IHost host;

    private InProcessNode(IHost host) => this.host = host;

    public IEntityHost Entities => host.Services.GetRequiredService<IEntityHost>();

    /// <summary>For Orleans' own management grain (activation counts, collection, a silo's GC).</summary>
    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A silo here: embedded (memory storage and reminders) when <paramref name="cluster"/> is null, else a member of it.</summary>
    public static async Task<InProcessNode> StartSiloAsync(DurableCluster? cluster)
    {
        if (cluster is not null) await cluster.MigrateAsync();
        var settings = cluster?.Configuration() ?? new Dictionary<string, string?> { ["Pledge:Storage"] = "memory" };
        settings["Pledge:Silo:SiloPort"] = Loopback.FreePort().ToString();
        settings["Pledge:Silo:GatewayPort"] = Loopback.FreePort().ToString();
        return await StartAsync(settings, builder => builder.UseOrleans(silo => silo.AddPledge(builder.Configuration)));
    }

    /// <summary>An Orleans client of <paramref name="cluster"/> (like a durable api node); it retries until a gateway is up.</summary>
    public static Task<InProcessNode> StartClientAsync(DurableCluster cluster) =>
        StartAsync(cluster.Configuration(), builder => builder.UseOrleansClient(client => client.AddPledge(builder.Configuration)));

    private static async Task<InProcessNode> StartAsync(Dictionary<string, string?> settings, Action<HostApplicationBuilder> orleans)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPledgeService(builder.Configuration);
        orleans(builder);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        var node = new InProcessNode(host);
        // The figures are the grains' only if the product wired its entity host onto them.
        if (node.Entities is not Pledge.Service.Hosting.GrainEntityHost)
        {
            var wired = node.Entities.GetType().FullName;
            await node.DisposeAsync();
            throw new InvalidOperationException(
                $"AddPledgeService wired {wired} as the entity host for Pledge:Storage={settings["Pledge:Storage"]}, not the grains' GrainEntityHost: nothing to measure on Orleans.");
        }
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(TimeSpan.FromSeconds(60));
        host.Dispose();
    }
}
