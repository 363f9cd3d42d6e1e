using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pledge.Hosting;
using Pledge.Service.Observability;

namespace Pledge.Grains.Hosting;

/// <summary>
/// OpenTelemetry for an api or silo process: Pledge's meters, ASP.NET Core, Orleans, Npgsql and the runtime; traces
/// from the HTTP route through grain calls to the database. Prometheus scrapes <c>/metrics</c>; OTLP is added when the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class PledgeTelemetry
{
    /// <summary>The Orleans sources a trace of one request crosses (grain calls, then the grain's storage).</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    public static IServiceCollection AddPledgeTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(DomainMetrics.MeterName, HostingMetrics.MeterName, "Microsoft.Orleans", "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        // A span per HTTP request, grain call and statement costs allocations and locks on every command: record them
        // only when they go somewhere (OTLP), or when Pledge:Telemetry:Tracing asks for them (an exporter of one's own).
        if (otlp || configuration.GetValue("Pledge:Telemetry:Tracing", false))
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        if (otlp)
            telemetry.UseOtlpExporter();
        return services;
    }

    /// <summary>Prometheus' scrape endpoint, <c>/metrics</c>, outside the API's key check (scrapers hold no key).</summary>
    public static IEndpointConventionBuilder MapPledgeMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics");

    // Probes and scrapes every few seconds would drown the traces that matter.
    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
