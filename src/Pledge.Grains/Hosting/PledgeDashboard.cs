using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace Pledge.Grains.Hosting;

/// <summary>
/// Orleans' dashboard at <c>/dashboard</c>, off unless <c>Pledge:Dashboard:Enabled=true</c>. It shows every grain
/// and silo, so it is never open to the world: with an operator key configured (<c>Pledge:Auth:BootstrapKey</c>) a
/// request must carry it as a bearer token; without one only loopback callers get in.
/// </summary>
public static class PledgeDashboard
{
    public const string Path = "/dashboard";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Pledge:Dashboard:Enabled", false);

    public static ISiloBuilder AddPledgeDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
            silo.AddDashboard();
        return silo;
    }

    public static WebApplication MapPledgeDashboard(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
            return app;
        var key = app.Configuration["Pledge:Auth:BootstrapKey"];
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), gate => gate.Use(async (context, next) =>
        {
            if (Admits(context, key))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }));
        app.MapOrleansDashboard(Path);
        return app;
    }

    private static bool Admits(HttpContext context, string? key)
    {
        if (string.IsNullOrEmpty(key))
            return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(key));
    }
}
