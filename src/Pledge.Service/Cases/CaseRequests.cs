using System.Text.Json;
using Pledge.Cases;

namespace Pledge.Service.Casework;

/// <summary>The names a client uses for case types, statuses, actions and roles, and the request shape behind each.</summary>
public static class CaseRequests
{
    /// <summary>The <c>type</c> of <c>POST /v1/cases</c> and the filing it reads.</summary>
    public static IReadOnlyDictionary<string, Type> Filings { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Name(CaseType.Dispute)] = typeof(DisputeFiling),
        [Name(CaseType.MoneyBackClaim)] = typeof(ClaimFiling),
        [Name(CaseType.Complaint)] = typeof(ComplaintFiling),
        [Name(CaseType.Cancellation)] = typeof(CancellationFiling),
        [Name(CaseType.SellerTicket)] = typeof(TicketFiling),
    };

    /// <summary>The <c>action</c> of <c>POST /v1/cases/{id}/actions</c> and the request it reads (the decider's action names).</summary>
    public static IReadOnlyDictionary<string, Type> Actions { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [CaseActions.AcceptSolution] = typeof(AcceptSolutionRequest),
        [CaseActions.OfferSolution] = typeof(OfferSolutionRequest),
        [CaseActions.Escalate] = typeof(EscalateRequest),
        [CaseActions.ReportExecution] = typeof(ReportExecutionRequest),
        [CaseActions.Decide] = typeof(DecideRequest),
        [CaseActions.Withdraw] = typeof(WithdrawRequest),
        [CaseActions.Approve] = typeof(ApproveRequest),
        [CaseActions.Reject] = typeof(RejectRequest),
        [CaseActions.Uphold] = typeof(UpholdRequest),
        [CaseActions.Answer] = typeof(AnswerRequest),
        [CaseActions.Close] = typeof(CloseRequest),
    };

    public static CaseType TypeOf(CaseFiling filing) => filing switch
    {
        DisputeFiling => CaseType.Dispute,
        ClaimFiling => CaseType.MoneyBackClaim,
        ComplaintFiling => CaseType.Complaint,
        CancellationFiling => CaseType.Cancellation,
        TicketFiling => CaseType.SellerTicket,
        _ => throw new ArgumentOutOfRangeException(nameof(filing)),
    };

    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Name(candidate) != name) continue;
            value = candidate;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The snake_case names of an enum's values, as the REST contract writes them.</summary>
    public static IEnumerable<string> Names<TEnum>(params TEnum[] except)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Where(v => !except.Contains(v)).Select(Name);

    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
