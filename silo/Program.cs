using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Pledge.Grains.Hosting;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;

// An Orleans silo of the durable configuration: the grains (entities, webhooks), their reminders, and health probes.
// The embedded default needs none: `dotnet run --project api` hosts its own silo.
return await StartupFailure.RunAsync("silo", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    if (PledgeStorage.IsEmbedded(builder.Configuration))
        throw new InvalidOperationException("set Pledge:Storage=postgres and ConnectionStrings:Pledge; the embedded default runs its silo inside the api.");
    await PledgeDatabase.MigrateAsync(PledgeDatabase.ConnectionString(builder.Configuration));
    builder.Services.AddPledgeService(builder.Configuration);
    builder.UseOrleans(silo => silo.AddPledge(builder.Configuration));
    builder.Services.AddHealthChecks().AddPledgeStorageCheck();
    builder.Services.AddPledgeTelemetry(builder.Configuration, "pledge-silo");

    var app = builder.Build();
    app.MapPledgeDashboard();
    app.MapPledgeMetrics();
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
    app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Pledge silo started: {string.Join(", ", app.Urls)}"));
    await app.RunAsync();
});
