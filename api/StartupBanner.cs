using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Pledge.Api.Configuration;

namespace Pledge.Api;

/// <summary>What a person starting the service needs to see once: where it listens, what it stores, the operator key.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, PledgeApiOptions settings, string? generatedBootstrapKey)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"Pledge API listening on {string.Join(", ", addresses)}");
        Console.WriteLine(settings.Storage == "memory"
            ? "Storage: in-memory (embedded default; NOT durable: state is lost when the process stops)"
            : "Storage: PostgreSQL (durable)");
        if (generatedBootstrapKey is not null)
            Console.WriteLine($"Development bootstrap key (shown once; set Pledge__Auth__BootstrapKey to choose your own): {generatedBootstrapKey}");
    }
}
