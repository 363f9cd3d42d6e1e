using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>The entity kinds of this area, ready for a host.</summary>
public static class CaseKinds
{
    public const string CaseName = "case";
    public const string ProtocolCounterName = "protocol-counter";
    public const string ComplaintStatsName = "complaint-stats";
    public const string ClaimRegistryName = "claim-registry";

    /// <summary>The key of a tenant's one protocol counter.</summary>
    public const string ProtocolCounterKey = "complaints";

    /// <summary>
    /// The <c>case</c> kind, listed under its status (<c>awaiting_seller</c>, <c>in_review</c>, <c>escalated</c>…),
    /// reacting to closed complaints by feeding <see cref="ComplaintStats"/>. Use <see cref="CreateCase"/> to
    /// also wire upheld seller tickets to conversations.
    /// </summary>
    public static EntityKind<CaseCommand, CaseEvent, CaseState> Case { get; } = CreateCase();

    /// <summary><c>protocol-counter</c>: one per tenant under <see cref="ProtocolCounterKey"/>.</summary>
    public static EntityKind<ProtocolCounterCommand, ProtocolCounterEvent, ProtocolCounterState> ProtocolCounter { get; } = new(
        ProtocolCounterName, ProtocolCounterDecider.Instance,
        CasesJsonContext.Default.ProtocolCounterCommand, CasesJsonContext.Default.ProtocolCounterEvent, CasesJsonContext.Default.ProtocolCounterState);

    /// <summary><c>complaint-stats</c>: one per company, keyed by the company id.</summary>
    public static EntityKind<ComplaintStatsCommand, ComplaintStatsEvent, ComplaintStatsState> ComplaintStats { get; } = new(
        ComplaintStatsName, ComplaintStatsDecider.Instance,
        CasesJsonContext.Default.ComplaintStatsCommand, CasesJsonContext.Default.ComplaintStatsEvent, CasesJsonContext.Default.ComplaintStatsState);

    /// <summary><c>claim-registry</c>: one per conversation, keyed by the conversation id.</summary>
    public static EntityKind<ClaimRegistryCommand, ClaimRegistryEvent, ClaimRegistryState> ClaimRegistry { get; } = new(
        ClaimRegistryName, ClaimRegistryDecider.Instance,
        CasesJsonContext.Default.ClaimRegistryCommand, CasesJsonContext.Default.ClaimRegistryEvent, CasesJsonContext.Default.ClaimRegistryState);

    /// <summary>
    /// A new <c>case</c> kind. With <paramref name="excludeMessages"/> (the conversation command that excludes buyer
    /// messages from the seller's metrics, built from the upheld ticket) it also reacts to <see cref="TicketUpheld"/>.
    /// </summary>
    public static EntityKind<CaseCommand, CaseEvent, CaseState> CreateCase(Func<TicketUpheld, object>? excludeMessages = null)
    {
        var kind = new EntityKind<CaseCommand, CaseEvent, CaseState>(
            CaseName, CaseDecider.Instance,
            CasesJsonContext.Default.CaseCommand, CasesJsonContext.Default.CaseEvent, CasesJsonContext.Default.CaseState,
            Status);
        kind.ReactWith(CaseFlows.CountClosedComplaints);
        if (excludeMessages is not null) kind.ReactWith(CaseFlows.ExcludeUpheldMessages(excludeMessages));
        return kind;
    }

    /// <summary>The status a case is listed under; null before it opens.</summary>
    public static string? Status(CaseState state) => state.Type is null ? null : CaseStatuses.Name(state.Status);
}
