namespace Pledge.Cases;

/// <summary>The action names of case commands: the <c>action</c> field of a command's JSON.</summary>
public static class CaseActions
{
    public const string OpenDispute = "open_dispute";
    public const string FileClaim = "file_claim";
    public const string RegisterComplaint = "register_complaint";
    public const string RequestCancellation = "request_cancellation";
    public const string OpenSellerTicket = "open_seller_ticket";

    public const string AcceptSolution = "accept_solution";
    public const string OfferSolution = "offer_solution";
    public const string Escalate = "escalate";
    public const string ReportExecution = "report_execution";
    public const string Decide = "decide";
    public const string Withdraw = "withdraw";

    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Uphold = "uphold";

    public const string Answer = "answer";
    public const string Close = "close";

    /// <summary>Sent by the host when a deadline falls due; never by a client.</summary>
    public const string Deadline = "deadline";
}
