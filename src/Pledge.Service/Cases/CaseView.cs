using System.Text.Json.Serialization;
using Pledge.Cases;
using Pledge.Domain.Kernel;

namespace Pledge.Service.Casework;

/// <summary>
/// A case as the REST API shows it: what it is, where it stands, what each role may do next, the part of its
/// type, its pending deadlines and its audit trail (oldest step first).
/// </summary>
/// <param name="Allowed">Per role (snake_case), the actions that role may take now; roles with none are left out.</param>
/// <param name="Deadlines">When the host will wake the case (one microsecond after the due time it guards).</param>
public sealed record CaseView(
    string Id,
    CaseType Type,
    CaseStatus Status,
    string? Policy,
    int? PolicyVersion,
    DateTimeOffset? OpenedAt,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed,
    IReadOnlyList<Deadline> Deadlines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DisputeDetails? Dispute,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClaimDetails? Claim,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ComplaintDetails? Complaint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CancellationDetails? Cancellation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TicketDetails? Ticket,
    IReadOnlyList<CaseStep> History)
{
    /// <summary>The view of an opened case.</summary>
    public static CaseView Of(string id, CaseState state, IReadOnlyList<Deadline> deadlines) => new(
        id,
        state.Type ?? throw new ArgumentException("The case is not open.", nameof(state)),
        state.Status,
        state.Policy?.Name,
        state.Policy?.Version,
        state.OpenedAt,
        CaseDecider.AllowedActions(state).ToDictionary(p => CaseRequests.Name(p.Key), p => p.Value),
        deadlines,
        state.Dispute,
        state.Claim,
        state.Complaint,
        state.Cancellation,
        state.Ticket,
        state.History);
}

/// <summary>One page of a review queue, ordered by case id; pass <paramref name="Next"/> as <c>after</c> for the next page.</summary>
public sealed record CasePage(IReadOnlyList<CaseView> Items, string? Next);

/// <summary>
/// A company's resolution index over [<paramref name="From"/>, <paramref name="To"/>): complaints resolved ÷ complaints
/// closed in the period, with the counts behind it; <paramref name="Index"/> is null when none closed.
/// </summary>
public sealed record ResolutionIndexView(string CompanyId, DateTimeOffset From, DateTimeOffset To, int Closed, int Resolved, int NotResolved, double? Index);
