using Pledge.Bookings.Customers;
using Pledge.Domain.Kernel;
using Pledge.Hosting;

namespace Pledge.Service.BookingDesk;

/// <summary>
/// A customer's standing as the API shows it, and a reviewer's restriction. Other areas add their sanctions and
/// claims to the view they get from <see cref="GetAsync"/>.
/// </summary>
public sealed class CustomerService(IEntityHost host, TimeProvider clock)
{
    /// <summary>The customer's view now, or null when Pledge holds no record of the customer in this tenant.</summary>
    public async Task<CustomerView?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        await host.GetAsync(PledgeCatalog.Customer, new EntityId(tenant, id), cancellationToken) is { } snapshot
            ? CustomerView.From(id, snapshot.State, clock.GetUtcNow())
            : null;

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
