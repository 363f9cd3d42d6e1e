using System.Security.Claims;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Bookings.Customers;
using Pledge.Domain.Kernel;
using Pledge.Service.BookingDesk;

namespace Pledge.Api.Endpoints;

/// <summary>Customers: their standing (no-shows, sanctions, restriction), and a reviewer's restriction.</summary>
public static class CustomerEndpoints
{
    /// <param name="Until">When the restriction ends; omitted or null for a permanent one.</param>
    public sealed record RestrictionRequest(string Reason, DateTimeOffset? Until = null);

    public const int MaxReasonLength = 1000;

    public static void MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/v1/customers").WithTags("Customers").ProducesKeyedProblems();

        customers.MapGet("/{id}", async (string id, ClaimsPrincipal user, CustomerService service, CancellationToken ct) =>
            Ids.Check(id, "id") ?? (await service.GetAsync(user.Tenant(), id, ct) is { } view ? Results.Ok(view) : Problem.NotFound("customer")))
        .RequireAuthorization(AccessPolicies.Read)
        .WithName("GetCustomer")
        .Produces<CustomerView>()
        .ProducesLookupProblems();

        customers.MapPost("/{id}/restriction", async (string id, RestrictionRequest request, ClaimsPrincipal user, CustomerService service, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad)
                return bad;
            if (Text.IsBlank(request.Reason) || request.Reason.Length > MaxReasonLength)
                return Problem.Invalid("reason", $"'reason' must be 1-{MaxReasonLength} characters.");
            var (view, rejection) = await service.RestrictAsync(user.Tenant(), id, request.Reason, request.Until, user.Actor(), ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Review)
        .WithName("RestrictCustomer")
        .Produces<CustomerView>()
        .ProducesBodyProblems().ProducesRejections();

        customers.MapDelete("/{id}/restriction", async (string id, ClaimsPrincipal user, CustomerService service, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad)
                return bad;
            var (view, rejection) = await service.LiftRestrictionAsync(user.Tenant(), id, user.Actor(), ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Review)
        .WithName("LiftCustomerRestriction")
        .Produces<CustomerView>()
        .ProducesRejections();
    }
}
