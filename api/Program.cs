using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pledge.Api.Auth;
using Pledge.Api.Configuration;
using Pledge.Api.Endpoints;
using Pledge.Api.Problems;
using Pledge.Api.OpenApi;
using Pledge.Api;
using Pledge.Grains.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;

return await StartupFailure.RunAsync("api", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    var settings = builder.Configuration.GetSection(PledgeApiOptions.Section).Get<PledgeApiOptions>() ?? new PledgeApiOptions();

    builder.Services.AddOptions<PledgeApiOptions>()
        .Bind(builder.Configuration.GetSection(PledgeApiOptions.Section))
        .ValidateDataAnnotations()
        .ValidateOnStart();
    var generatedBootstrapKey = BootstrapKey.EnsureForEmbeddedMode(builder.Services, settings);

    builder.Services.AddPledgeService(builder.Configuration);
    if (PledgeStorage.IsEmbedded(builder.Configuration))
    {
        // The embedded default hosts its silo in process: no setup, nothing durable.
        builder.UseOrleans(silo => silo.AddPledge(builder.Configuration));
    }
    else
    {
        await PledgeDatabase.MigrateAsync(PledgeDatabase.ConnectionString(builder.Configuration));
        builder.UseOrleansClient(client => client.AddPledge(builder.Configuration));
    }

    builder.Services.AddProblemDetails(ProblemDefaults.Configure);
    builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
    builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
    builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.Limits.MaxBodyBytes);

    builder.Services.AddAuthentication(BearerKeyHandler.SchemeName)
        .AddScheme<AuthenticationSchemeOptions, BearerKeyHandler>(BearerKeyHandler.SchemeName, null);
    builder.Services.AddAuthorization(AccessPolicies.Add);
    builder.Services.AddRateLimiter(RateLimits.Configure(settings.Limits));

    builder.Services.AddPledgeOpenApi();
    builder.Services.AddPledgeHealthChecks();
    builder.Services.AddPledgeTelemetry(builder.Configuration, "pledge-api");

    var app = builder.Build();

    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseMiddleware<BodySizeLimit>();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();

    // One literal document route: the framework answers an unknown document name (from the route or the query) with
    // a plain-text 404; refuse those names before it does, as a problem.
    app.MapOpenApi("/openapi/v1.json").AddEndpointFilter((context, next) =>
        context.HttpContext.Request.Query.ContainsKey("documentName") ? ValueTask.FromResult<object?>(Problem.NotFound("OpenAPI document")) : next(context));
    app.UseSwaggerUI(o =>
    {
        o.SwaggerEndpoint("/openapi/v1.json", "Pledge v1");
        o.RoutePrefix = "swagger";
    });
    app.MapPledgeHealth();
    app.MapPledgeMetrics().AllowAnonymous();
    // The embedded default's silo runs here, and so does its dashboard (when enabled); in durable mode it is the silos'.
    if (PledgeStorage.IsEmbedded(builder.Configuration))
        app.MapPledgeDashboard();
    app.MapTenantEndpoints();
    app.MapPledgeEndpoints();

    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, settings, generatedBootstrapKey));
    await app.RunAsync();
});

/// <summary>The API's entry point; public so tests can host it in process.</summary>
public partial class Program;
