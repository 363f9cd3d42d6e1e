using System.Text.Json;
using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>Where a case stands; its snake_case name is the status review queues are listed under.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    /// <summary>Not opened yet.</summary>
    None,

    // dispute
    AwaitingSeller,
    AwaitingBuyer,
    AwaitingExecution,
    Escalated,
    Resolved,

    // money-back claim and seller ticket
    Filed,
    InReview,
    AwaitingConfirmation,
    Approved,
    Rejected,
    Upheld,

    // complaint
    AwaitingAnswer,
    Overdue,
    Answered,

    // cancellation
    Requested,
    Completed,

    /// <summary>Ended without a resolution of its own: withdrawn, lapsed, decided by customer care, or a closed complaint.</summary>
    Closed,
}

/// <summary>Names of <see cref="CaseStatus"/> values as the REST contract writes them.</summary>
public static class CaseStatuses
{
    public static string Name(CaseStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>True for statuses after which a case takes no more actions.</summary>
    public static bool IsFinal(CaseStatus status) => status is CaseStatus.Resolved or CaseStatus.Approved
        or CaseStatus.Rejected or CaseStatus.Upheld or CaseStatus.Completed or CaseStatus.Closed;
}
