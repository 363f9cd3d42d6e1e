using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// Cancellation: honoured at the moment of the request, through any channel and whatever the customer owes;
/// a debt is recorded beside the cancellation and never blocks or delays it.
/// </summary>
public sealed partial class CaseDecider
{
    private static Decision<CaseEvent> RequestCancellation(RequestCancellation c, DateTimeOffset now)
    {
        var invalid = Check.Id(c.CustomerId, "customerId")
            ?? Check.Id(c.Subscription, "subscription")
            ?? Check.Known(c.Channel, "channel")
            ?? Check.OptionalText(c.Reason, "reason", Check.MaxShortText)
            ?? Check.Money(c.OutstandingDebt, "outstandingDebt")
            ?? (c.RequestedAt > now ? Rejection.Invalid("requestedAt", "A request cannot be made in the future.") : null);
        if (invalid is not null) return invalid;
        if (c.By.Role == ActorRole.Customer && c.By.Id != c.CustomerId)
            return Rejection.Restricted("not_a_party", "A customer cancels only their own subscriptions.");

        var effectiveAt = c.RequestedAt ?? now;
        CaseEvent[] cancellation =
        [
            new CancellationRequested(now, c.By, c.CustomerId, c.Subscription, c.Channel, effectiveAt, c.Reason),
            new CancellationEffective(now, c.By, c.CustomerId, c.Subscription, effectiveAt),
        ];
        return c.OutstandingDebt is { } debt
            ? Accept([.. cancellation, new DebtRecorded(now, c.By, c.CustomerId, c.Subscription, debt)])
            : Accept(cancellation);
    }

    private static CancellationDetails NewCancellation(CancellationRequested e) =>
        new(e.CustomerId, e.Subscription, e.Channel, e.Reason, e.RequestedAt);

    private static CaseState EvolveCancellation(CaseState state, CaseEvent @event) => @event switch
    {
        CancellationEffective e => state with { Status = CaseStatus.Completed, Cancellation = state.Cancellation! with { EffectiveAt = e.EffectiveAt } },
        DebtRecorded e => state with { Cancellation = state.Cancellation! with { Debt = e.Amount } },
        _ => state,
    };
}
