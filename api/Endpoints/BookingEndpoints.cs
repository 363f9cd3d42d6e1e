using System.Security.Claims;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Bookings.Bookings;
using Pledge.Service.BookingDesk;

namespace Pledge.Api.Endpoints;

/// <summary>Bookings: book a 1:1 session, read it, reschedule, cancel, report attendance.</summary>
public static class BookingEndpoints
{
    /// <param name="Id">Optional; one is generated when omitted. Retrying with the same id is idempotent.</param>
    public sealed record CreateBookingRequest(
        string Customer,
        string Resource,
        DateTimeOffset Start,
        DateTimeOffset End,
        string? Id = null,
        string Policy = BookingService.DefaultPolicy);

    /// <param name="By">Who asked: only the customer's own late changes count as no-shows.</param>
    public sealed record RescheduleRequest(DateTimeOffset Start, DateTimeOffset End, ChangedBy By = ChangedBy.Customer);

    public sealed record CancelRequest(string? Reason = null, ChangedBy By = ChangedBy.Customer);

    /// <param name="At">When it happened; defaults to receipt time.</param>
    public sealed record AttendanceRequest(AttendanceKind Kind, DateTimeOffset? At = null);

    public const int MaxReasonLength = 1000;

    public static void MapBookingEndpoints(this IEndpointRouteBuilder app)
    {
        var bookings = app.MapGroup("/v1/bookings").WithTags("Bookings").ProducesKeyedProblems();

        bookings.MapPost("", async (CreateBookingRequest request, ClaimsPrincipal user, BookingService service, CancellationToken ct) =>
        {
            if (((request.Id is null ? null : Ids.Check(request.Id, "id"))
                ?? Ids.Check(request.Customer, "customer") ?? Ids.Check(request.Resource, "resource") ?? Ids.Check(request.Policy, "policy")) is { } bad)
                return bad;
            var (view, rejection) = await service.CreateAsync(user.Tenant(),
                new NewBooking(request.Id, request.Customer, request.Resource, request.Start, request.End, request.Policy), ct);
            return view is null ? Problem.From(rejection!) : Results.Created($"/v1/bookings/{view.Id}", view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("CreateBooking")
        .Produces<BookingView>(StatusCodes.Status201Created)
        .ProducesBodyProblems().ProducesRejections();

        bookings.MapGet("/{id}", async (string id, ClaimsPrincipal user, BookingService service, CancellationToken ct) =>
            Ids.Check(id, "id") ?? (await service.GetAsync(user.Tenant(), id, ct) is { } view ? Results.Ok(view) : Problem.NotFound("booking")))
        .RequireAuthorization(AccessPolicies.Read)
        .WithName("GetBooking")
        .Produces<BookingView>()
        .ProducesLookupProblems();

        bookings.MapPost("/{id}/reschedule", async (string id, RescheduleRequest request, ClaimsPrincipal user, BookingService service, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad)
                return bad;
            var (view, rejection) = await service.RescheduleAsync(user.Tenant(), id, request.Start, request.End, request.By, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("RescheduleBooking")
        .Produces<BookingView>()
        .ProducesBodyProblems().ProducesRejections();

        // The body is optional: a cancel needs no reason.
        bookings.MapPost("/{id}/cancel", async (string id, CancelRequest? request, ClaimsPrincipal user, BookingService service, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad)
                return bad;
            if (request?.Reason is { } reason && (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength))
                return Problem.Invalid("reason", $"'reason' must be 1-{MaxReasonLength} characters when given.");
            var (view, rejection) = await service.CancelAsync(user.Tenant(), id, request?.Reason, request?.By ?? ChangedBy.Customer, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("CancelBooking")
        .Produces<BookingView>()
        .ProducesBodyProblems().ProducesRejections();

        bookings.MapPost("/{id}/attendance", async (string id, AttendanceRequest request, ClaimsPrincipal user, BookingService service, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad)
                return bad;
            var (view, rejection) = await service.ReportAttendanceAsync(user.Tenant(), id, request.Kind, request.At, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("ReportAttendance")
        .Produces<BookingView>()
        .ProducesBodyProblems().ProducesRejections();
    }
}
