using Pledge.Bookings.Customers;
using Pledge.Domain.Kernel;
using Pledge.Conduct.Conduct;
using Pledge.Hosting;
using Pledge.Service.Claims;

namespace Pledge.Service.BookingDesk;

/// <summary>
/// A customer's standing as the API shows it, and a reviewer's restriction. Other areas add their sanctions and
/// claims to the view they get from <see cref="GetAsync"/>.
/// </summary>
public sealed class CustomerService(IEntityHost host, TimeProvider clock)
{
    /// <summary>The customer's view now, or null when Pledge holds no record of the customer in this tenant.</summary>
    /// <remarks>Sanctions come from the customer's conduct record, claims from the customer's claim index.</remarks>
    public async Task<CustomerView?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var key = new EntityId(tenant, id);
        var standing = await host.GetAsync(PledgeCatalog.Customer, key, cancellationToken);
        var conduct = await host.GetAsync(PledgeCatalog.CustomerConduct, key, cancellationToken);
        var claims = await host.GetAsync(CustomerClaimsKind.Kind, key, cancellationToken);
        if (standing is null && conduct is null && claims is null)
            return null;
        var now = clock.GetUtcNow();
        var view = CustomerView.From(id, standing?.State ?? PledgeCatalog.Customer.Decider.Initial, now);
        return view with
        {
            Sanctions = conduct is null ? [] :
                [.. ConductView.Of(conduct.State, now).ActiveSanctions.Select(s =>
                    new CustomerSanctionView(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.Kind.ToString()), "conduct", $"tier {s.Tier}, reached by violation {s.TriggeredBy}", s.StartsAt, s.EndsAt))],
            Claims = claims is null ? [] : [.. claims.State.Claims.Values.Select(c => new CustomerClaimView(c.CaseId, c.Status, c.FiledAt))],
        };
    }

    /// <summary>Bars the customer from bookings and support conversations until <paramref name="until"/>, or permanently when it is null.</summary>
    public async Task<(CustomerView? View, Rejection? Rejection)> RestrictAsync(
        string tenant, string id, string reason, DateTimeOffset? until, string by, CancellationToken cancellationToken)
    {
        if (BookingLimits.CheckRestrictionEnd(until, clock.GetUtcNow()) is { } absurd)
            return (null, absurd);
        var result = await host.SendAsync(PledgeCatalog.Customer, new EntityId(tenant, id), new RestrictCustomer(reason, until, by), null, cancellationToken);
        return result.Rejection is { } refused ? (null, refused) : (CustomerView.From(id, result.Snapshot!.State, clock.GetUtcNow()), null);
    }

    /// <summary>Lifts the restriction; lifting when there is none changes nothing.</summary>
    public async Task<(CustomerView? View, Rejection? Rejection)> LiftRestrictionAsync(
        string tenant, string id, string by, CancellationToken cancellationToken)
    {
        var customerId = new EntityId(tenant, id);
        if (await host.GetAsync(PledgeCatalog.Customer, customerId, cancellationToken) is null)
            return (null, Rejection.NotFound("No customer with this id.", "customer_not_found"));
        var result = await host.SendAsync(PledgeCatalog.Customer, customerId, new LiftRestriction(by), null, cancellationToken);
        return result.Rejection is { } refused ? (null, refused) : (CustomerView.From(id, result.Snapshot!.State, clock.GetUtcNow()), null);
    }
}
