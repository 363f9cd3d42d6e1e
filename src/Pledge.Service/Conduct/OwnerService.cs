using Pledge.Conduct.Conduct;
using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using Pledge.Hosting;

namespace Pledge.Service.Conduct;

/// <summary>An owner (talent, seller, team) as a platform sees it: response rates and conduct record.</summary>
public sealed record OwnerProfile(string Id, OwnerView ResponseRates, ConductView? Conduct);

/// <summary>A reviewer's word on a violation.</summary>
public enum ViolationDecision
{
    Confirm,
    Dismiss,
    Overturn,
}

/// <summary>Reads owners' metrics and conduct, and carries reviewers' decisions on violations.</summary>
public sealed class OwnerService(IEntityHost host, TimeProvider clock)
{
    public async Task<OwnerProfile?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var metrics = await host.GetAsync(PledgeCatalog.Owner, new EntityId(tenant, id), cancellationToken);
        var conduct = await host.GetAsync(PledgeCatalog.OwnerConduct, new EntityId(tenant, id), cancellationToken);
        if (metrics is null && conduct is null)
            return null;
        var rates = OwnerView.Of(id, metrics?.State ?? PledgeCatalog.Owner.Decider.Initial);
        return new OwnerProfile(id, rates, conduct is null ? null : ConductView.Of(conduct.State, clock.GetUtcNow()));
    }

    /// <summary>Confirms, dismisses or overturns (appeal upheld) a violation of an owner or, with <paramref name="customer"/>, of a customer.</summary>
    public async Task<(ConductView? View, Rejection? Rejection)> DecideAsync(
        string tenant, string subject, bool customer, string violationId, ViolationDecision decision, string? reason, string reviewer,
        CancellationToken cancellationToken)
    {
        var kind = customer ? PledgeCatalog.CustomerConduct : PledgeCatalog.OwnerConduct;
        var id = new EntityId(tenant, subject);
        if (await host.GetAsync(kind, id, cancellationToken) is null)
            return (null, Rejection.NotFound("No such conduct record."));
        ConductCommand command = decision switch
        {
            ViolationDecision.Confirm => new ConfirmViolation(violationId, reviewer, reason),
            ViolationDecision.Dismiss => new DismissViolation(violationId, reviewer, reason ?? "dismissed"),
            _ => new UpholdAppeal(violationId, reviewer, reason ?? "appeal upheld"),
        };
        var result = await host.SendAsync(kind, id, command, null, cancellationToken);
        return result.Rejection is not null ? (null, result.Rejection) : (ConductView.Of(result.Snapshot!.State, clock.GetUtcNow()), null);
    }
}
