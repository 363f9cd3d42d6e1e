using Pledge.Domain.Kernel;

namespace Pledge.Conduct.Conduct;

/// <summary>
/// The conduct entity kinds: <c>conduct</c> keyed by owner (seller or talent) and <c>customer_conduct</c> keyed by
/// customer — one decider, two default policies. Records with violations awaiting a reviewer are listed under
/// status <c>pending_review</c>.
/// </summary>
public static class ConductKind
{
    public const string OwnerKindName = "conduct";
    public const string CustomerKindName = "customer_conduct";
    public const string PendingReviewStatus = "pending_review";

    public static EntityKind<ConductCommand, ConductEvent, ConductState> Owner { get; } = Create(OwnerKindName, ConductPolicy.OwnerDefault);

    public static EntityKind<ConductCommand, ConductEvent, ConductState> Customer { get; } = Create(CustomerKindName, ConductPolicy.CustomerDefault);

    private static EntityKind<ConductCommand, ConductEvent, ConductState> Create(string name, ConductPolicy policy) => new(
        name,
        new ConductDecider(policy),
        ConductJsonContext.Default.ConductCommand,
        ConductJsonContext.Default.ConductEvent,
        ConductJsonContext.Default.ConductState,
        state => state.HasPendingReview ? PendingReviewStatus : null);
}
