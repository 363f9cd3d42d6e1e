using Pledge.Cases;

namespace Pledge.Service.Casework;

/// <summary>
/// What a client asks of an open case with <c>POST /v1/cases/{id}/actions</c>: the body without <c>action</c> and
/// <c>as</c>. Due times are never the client's: <see cref="CaseService"/> computes them from the case's policy.
/// </summary>
public abstract record CaseActionRequest;

public sealed record AcceptSolutionRequest : CaseActionRequest;

public sealed record OfferSolutionRequest(Solution Solution, string Explanation, IReadOnlyList<Evidence>? Evidence = null) : CaseActionRequest;

public sealed record EscalateRequest(string? Note = null) : CaseActionRequest;

public sealed record ReportExecutionRequest(Party Side, string? Note = null) : CaseActionRequest;

public sealed record DecideRequest(Party InFavourOf, string Reason, Solution? Solution = null) : CaseActionRequest;

public sealed record WithdrawRequest(string? Reason = null) : CaseActionRequest;

public sealed record ApproveRequest(Money? Refund = null, string? Note = null) : CaseActionRequest;

public sealed record RejectRequest(string Reason) : CaseActionRequest;

public sealed record UpholdRequest(string? Note = null) : CaseActionRequest;

public sealed record AnswerRequest(string Text) : CaseActionRequest;

public sealed record CloseRequest(ComplaintResolution Resolution, string? Note = null) : CaseActionRequest;
