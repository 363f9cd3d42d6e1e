using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pledge.Grains.Hosting;
using Pledge.Hosting;
using Pledge.Service;

namespace Pledge.Bench;

/// <summary>
/// Pledge's application layer and entity host with their background services (the embedded silo included) in this
/// process, wired exactly as the API wires them (<see cref="PledgeServiceCollectionExtensions.AddPledgeService"/>),
/// so the host's own meter can be listened to.
/// </summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    private readonly IHost host;

    private InProcessHost(IHost host) => this.host = host;

    public IEntityHost Entities => host.Services.GetRequiredService<IEntityHost>();

    public static async Task<InProcessHost> StartAsync(string storage, string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pledge:Storage"] = storage,
            ["ConnectionStrings:Pledge"] = connectionString,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPledgeService(builder.Configuration);
        // The embedded default's entities are grains: host their silo here, as the api does.
        if (PledgeStorage.IsEmbedded(builder.Configuration))
            builder.UseOrleans(silo => silo.AddPledge(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(TimeSpan.FromSeconds(20));
        host.Dispose();
    }
}
