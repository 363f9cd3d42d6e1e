using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Cases;
using Pledge.Service.Casework;

namespace Pledge.Api.Endpoints;

/// <summary>
/// Cases: file one (<c>POST /v1/cases</c>), read it, act on it, list review queues, and read a company's
/// complaint resolution index.
/// </summary>
/// <remarks>
/// Who acts comes from the key, never from the case: a <c>platform</c> key acts for the people on its platform and
/// names them in <c>"as": {"id","role"}</c> (buyer, seller, customer or platform; platform itself, under the key's
/// id, when <c>as</c> is absent); a <c>reviewer</c> key is the platform's customer care and acts only as reviewer
/// (<c>as</c> may name the person, e.g. <c>{"id":"agent-7","role":"reviewer"}</c>); an <c>admin</c> key may act
/// as any of these. Nobody acts as <c>system</c>: that is Pledge at a deadline.
/// </remarks>
public static class CaseEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    /// <summary>The resolution index's period when the query gives no <c>from</c>.</summary>
    public static readonly TimeSpan DefaultIndexPeriod = TimeSpan.FromDays(30);

    private static readonly ActorRole[] PlatformRoles = [ActorRole.Buyer, ActorRole.Seller, ActorRole.Customer, ActorRole.Platform];
    private static readonly ActorRole[] ReviewerRoles = [ActorRole.Reviewer];
    private static readonly ActorRole[] AdminRoles = [.. PlatformRoles, ActorRole.Reviewer];

    public static void MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/v1/cases").WithTags("Cases").ProducesKeyedProblems();

        cases.MapPost("/", async (JsonObject body, ClaimsPrincipal user, CaseService service, IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            if (Distinct(body) is { } twice) return twice;
            if (Name(body, "type", CaseRequests.Filings, out var type) is { } badType) return badType;
            if (Id(body, out var id) is { } badId) return badId;
            if (ActorOf(user, body, out var actor) is { } badActor) return badActor;
            if (Read<CaseFiling>(body, type!, json.Value.SerializerOptions, out var filing) is { } badBody) return badBody;
            if (RequestIds.Check(filing!) is { } badIds) return badIds;
            var (view, created, rejection) = await service.OpenAsync(user.Tenant(), id, filing!, actor!, ct);
            return view is null ? Problem.From(rejection!)
                : created ? Results.Created($"/v1/cases/{view.Id}", view)
                : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("FileCase")
        .WithSummary("File a case: dispute, money_back_claim, complaint, cancellation or seller_ticket (idempotent on id).")
        .WithMetadata(new DiscriminatedBody("CaseFilingRequest", "type", CaseRequests.Filings, typeof(CaseFilingMembers), "Request"))
        .Produces<CaseView>(StatusCodes.Status201Created)
        .Produces<CaseView>()
        .ProducesBodyProblems().ProducesRejections();

        cases.MapGet("/{id}", async (string id, ClaimsPrincipal user, CaseService service, CancellationToken ct) =>
            Ids.Check(id, "id") ?? (await service.GetAsync(user.Tenant(), id, ct) is { } view ? Results.Ok(view) : Problem.NotFound("case")))
        .RequireAuthorization(AccessPolicies.Read)
        .WithName("GetCase")
        .Produces<CaseView>()
        .ProducesLookupProblems();

        cases.MapPost("/{id}/actions", async (string id, JsonObject body, HttpRequest request, ClaimsPrincipal user, CaseService service,
            IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } badId) return badId;
            var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
            if (idempotencyKey.Length > 0 && Ids.Check(idempotencyKey, "Idempotency-Key") is { } badKey) return badKey;
            if (Distinct(body) is { } twice) return twice;
            if (Name(body, "action", CaseRequests.Actions, out var type) is { } badAction) return badAction;
            if (ActorOf(user, body, out var actor) is { } badActor) return badActor;
            if (Read<CaseActionRequest>(body, type!, json.Value.SerializerOptions, out var action) is { } badBody) return badBody;
            var (view, rejection) = await service.ActAsync(user.Tenant(), id, action!, actor!, idempotencyKey.Length > 0 ? idempotencyKey : null, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Read)
        .WithName("ActOnCase")
        .WithSummary("Act on a case; a refused action answers 409 with the actions allowed now.")
        .WithMetadata(new DiscriminatedBody("CaseActionRequest", "action", CaseRequests.Actions, typeof(CaseActionMembers), "Action"))
        .Produces<CaseView>()
        .ProducesBodyProblems().ProducesRejections();

        cases.MapGet("/", async (string? status, string? type, string? after, string? limit, ClaimsPrincipal user, CaseService service, CancellationToken ct) =>
        {
            CaseStatus? byStatus = null;
            if (status is not null)
            {
                if (!CaseRequests.TryParse<CaseStatus>(status, out var s) || s == CaseStatus.None)
                    return Problem.Invalid("status", $"'status' must be one of: {string.Join(", ", CaseRequests.Names(CaseStatus.None))}.");
                byStatus = s;
            }
            CaseType? byType = null;
            if (type is not null)
            {
                if (!CaseRequests.TryParse<CaseType>(type, out var t))
                    return Problem.Invalid("type", $"'type' must be one of: {string.Join(", ", CaseRequests.Names<CaseType>())}.");
                byType = t;
            }
            if (after is not null && Ids.Check(after, "after") is { } badAfter) return badAfter;
            var size = DefaultPageSize;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
                return Problem.Invalid("limit", $"'limit' must be a whole number from 1 to {MaxPageSize}.");
            return Results.Ok(await service.ListAsync(user.Tenant(), byStatus, byType, after, size, ct));
        })
        .RequireAuthorization(AccessPolicies.Read)
        .WithName("ListCases")
        .WithSummary("Review queues: the tenant's cases by status and type, ordered by id, paged with 'after'.")
        .Produces<CasePage>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/v1/companies/{id}/resolution-index", async (string id, string? from, string? to, ClaimsPrincipal user, CaseService service,
            TimeProvider clock, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } badId) return badId;
            var until = clock.GetUtcNow();
            if (to is not null && !TryTime(to, out until))
                return Problem.Invalid("to", "'to' must be an ISO-8601 time, e.g. 2026-03-01T00:00:00Z.");
            until = until.ToUniversalTime();
            var since = until.UtcTicks > DefaultIndexPeriod.Ticks ? until - DefaultIndexPeriod : DateTimeOffset.MinValue;
            if (from is not null && !TryTime(from, out since))
                return Problem.Invalid("from", "'from' must be an ISO-8601 time, e.g. 2026-02-01T00:00:00Z.");
            if (since >= until)
                return Problem.Invalid("from", "'from' must lie before 'to'.");
            return Results.Ok(await service.ResolutionIndexAsync(user.Tenant(), id, since, until, ct));
        })
        .RequireAuthorization(AccessPolicies.Read)
        .WithTags("Cases")
        .WithName("GetResolutionIndex")
        .WithSummary("A company's complaint resolution index (resolved ÷ closed in [from, to)) with the counts behind it.")
        .Produces<ResolutionIndexView>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    // JsonObject builds its dictionary on first use and throws on a repeated name; refuse that as bad input.
    private static IResult? Distinct(JsonObject body)
    {
        try
        {
            _ = body.Count;
            return null;
        }
        catch (ArgumentException)
        {
            return Problem.Invalid("body", "A field is given more than once.");
        }
    }

    /// <summary>Takes the discriminator <paramref name="field"/> out of the body and finds the request shape it names.</summary>
    private static IResult? Name(JsonObject body, string field, IReadOnlyDictionary<string, Type> shapes, out Type? shape)
    {
        shape = null;
        var name = Text(body[field]);
        if (name is null || !shapes.TryGetValue(name, out shape))
            return Problem.Invalid(field, $"'{field}' must be one of: {string.Join(", ", shapes.Keys)}.");
        body.Remove(field);
        return null;
    }

    private static IResult? Id(JsonObject body, out string? id)
    {
        id = null;
        if (Take(body, "id") is not { } node) return null;
        id = Text(node);
        return Ids.Check(id, "id");
    }

    /// <summary>Who acts: the key's own party, or the one <c>as</c> names when the key's role may act for it.</summary>
    private static IResult? ActorOf(ClaimsPrincipal user, JsonObject body, out Actor? actor)
    {
        actor = null;
        var keyRole = user.FindFirstValue(PledgeClaims.Role);
        var (roles, own) = keyRole switch
        {
            "reviewer" => (ReviewerRoles, ActorRole.Reviewer),
            "admin" => (AdminRoles, ActorRole.Platform),
            _ => (PlatformRoles, ActorRole.Platform),
        };
        if (Take(body, "as") is not { } node)
        {
            actor = new Actor(user.Actor(), own);
            return null;
        }
        if (node is not JsonObject acting)
            return Problem.Invalid("as", "'as' must be an object {\"id\",\"role\"}.");
        if (Distinct(acting) is { } twice) return twice;
        if (acting.Select(p => p.Key).FirstOrDefault(k => k is not ("id" or "role")) is { } unknown)
            return Problem.Invalid($"as.{unknown}", $"Unknown field 'as.{unknown}'.");
        var id = Text(acting["id"]);
        if (Ids.Check(id, "as.id") is { } badId) return badId;
        var roleName = Text(acting["role"]);
        if (!CaseRequests.TryParse<ActorRole>(roleName, out var role) || role == ActorRole.System)
            return Problem.Invalid("as.role", $"'as.role' must be one of: {string.Join(", ", CaseRequests.Names(ActorRole.System))}.");
        if (!roles.Contains(role))
            return Problem.Create(StatusCodes.Status403Forbidden, "role_not_allowed", $"A {keyRole} key cannot act as {roleName}.", "as.role");
        actor = new Actor(id!, role);
        return null;
    }

    /// <summary>Reads the rest of the body strictly; a malformed field becomes the usual 400 naming it.</summary>
    private static IResult? Read<T>(JsonObject body, Type shape, JsonSerializerOptions options, out T? value)
        where T : class
    {
        value = null;
        try
        {
            value = body.Deserialize(shape, options) as T ?? throw new JsonException("The body is empty.");
            return null;
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is malformed.", StatusCodes.Status400BadRequest, e);
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a nested object that names a field twice.
            return Problem.Invalid("body", "A field is given more than once.");
        }
    }

    private static JsonNode? Take(JsonObject body, string field)
    {
        body.TryGetPropertyValue(field, out var node);
        body.Remove(field);
        return node;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool TryTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
}
