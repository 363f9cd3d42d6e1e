using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Pledge.Hosting;
using Pledge.Service;

// The worker side: fires deadlines, delivers reactions and webhooks. It serves no API, only health probes, so it
// can be scaled apart from the HTTP front end. It needs the durable host: in-memory state would be this process's alone.
var builder = WebApplication.CreateBuilder(args);
if (!string.Equals(builder.Configuration["Pledge:Storage"], "postgres", StringComparison.Ordinal))
{
    Console.Error.WriteLine("pledge silo: set Pledge:Storage=postgres and ConnectionStrings:Pledge; the embedded default runs its scheduler inside the api.");
    return 2;
}
builder.Services.AddPledgeService(builder.Configuration);
builder.Services.AddHealthChecks().AddPledgeStorageCheck();

var app = builder.Build();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Pledge silo started: {string.Join(", ", app.Urls)}"));
await app.RunAsync();
return 0;
