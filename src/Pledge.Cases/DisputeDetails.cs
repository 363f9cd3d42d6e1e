using System.Text.Json.Serialization;

namespace Pledge.Cases;

/// <summary>The dispute part of a case's state.</summary>
/// <param name="Proposals">Every round so far, oldest first; the last one is what the other side answers.</param>
/// <param name="RespondBy">The last on-time instant for the side whose turn it is.</param>
/// <param name="Overdue">The side whose turn it is let <paramref name="RespondBy"/> pass.</param>
/// <param name="Executors">The sides that must carry out <paramref name="Agreed"/>.</param>
public sealed record DisputeDetails(
    string OrderId,
    string BuyerId,
    string SellerId,
    DisputeProblem Problem,
    string Description,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<Proposal> Proposals,
    DateTimeOffset? RespondBy,
    bool Overdue,
    Solution? Agreed = null,
    DateTimeOffset? ExecuteBy = null,
    IReadOnlyList<Party>? Executors = null,
    IReadOnlyList<Party>? Executed = null,
    EscalationReason? Escalation = null,
    DisputeRuling? Ruling = null,
    DisputeOutcome? Outcome = null)
{
    [JsonIgnore]
    public int Round => Proposals.Count;

    [JsonIgnore]
    public Proposal Current => Proposals[^1];
}
