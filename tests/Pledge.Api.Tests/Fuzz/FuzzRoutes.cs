using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Pledge.Api.Tests.Fuzz;

/// <summary>A query-string parameter a route binds.</summary>
public sealed record QueryParameter(string Name, Type Type);

/// <summary>One route as the running app maps it: what the fuzzer needs to aim requests at it.</summary>
public sealed record FuzzRoute(
    string Pattern,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> PathParameters,
    Type? BodyType,
    IReadOnlyList<QueryParameter> Query,
    string? Policy,
    bool Anonymous)
{
    public string Method => Methods[0];

    public bool Writes => Method is not ("GET" or "HEAD");

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Reads the routes from the app's <see cref="EndpointDataSource"/>, so every route added later is fuzzed without
/// anyone listing it here.
/// </summary>
public static class FuzzRoutes
{
    private static readonly string[] AnyMethod = ["GET"];

    public static IReadOnlyList<FuzzRoute> Discover(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var routes = new List<FuzzRoute>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (pattern.Length == 0) continue;
            if (!pattern.StartsWith('/')) pattern = "/" + pattern;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } m ? m : AnyMethod;
            var pathParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToArray();
            var body = endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Select(a => a.RequestType).FirstOrDefault(t => t is not null);
            var query = QueryOf(endpoint.Metadata.GetMetadata<MethodInfo>(), pathParameters, body);
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                || !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            foreach (var method in methods)
                routes.Add(new FuzzRoute(pattern, [method], pathParameters, body, query, policy, anonymous));
        }
        return routes.DistinctBy(r => r.ToString()).OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Methods that some route of <paramref name="pattern"/> answers.</summary>
    public static IReadOnlySet<string> MethodsOf(IEnumerable<FuzzRoute> routes, string pattern) =>
        routes.Where(r => r.Pattern == pattern).Select(r => r.Method).ToHashSet(StringComparer.Ordinal);

    private static IReadOnlyList<QueryParameter> QueryOf(MethodInfo? handler, IReadOnlyList<string> pathParameters, Type? body)
    {
        if (handler is null) return [];
        return handler.GetParameters()
            .Where(p => p.Name is not null && !pathParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
            .Where(p => p.ParameterType != body && IsSimple(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(ClaimsPrincipal) && p.ParameterType != typeof(HttpContext))
            .Select(p => new QueryParameter(p.Name!, p.ParameterType))
            .ToArray();
    }

    private static bool IsSimple(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTimeOffset) || t == typeof(DateTime)
        || t == typeof(TimeSpan) || t == typeof(Guid) || t == typeof(DateOnly);
}
