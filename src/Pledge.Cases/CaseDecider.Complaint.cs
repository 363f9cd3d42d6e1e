using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// Complaint: registered at once under its protocol number; the company answers by the due time (7 business
/// days in the tenant's calendar by default) or a breach is recorded at the deadline; it is closed as resolved
/// or not resolved, which feeds the company's resolution index.
/// </summary>
public sealed partial class CaseDecider
{
    private const string AnswerDeadline = "answer";

    private static IReadOnlyList<string> ComplaintActions(CaseStatus status, ActorRole role) => (status, role) switch
    {
        (CaseStatus.AwaitingAnswer or CaseStatus.Overdue, ActorRole.Platform) => [CaseActions.Answer, CaseActions.Close],
        (CaseStatus.AwaitingAnswer or CaseStatus.Overdue, ActorRole.Seller) => [CaseActions.Answer],
        (CaseStatus.AwaitingAnswer or CaseStatus.Overdue or CaseStatus.Answered, ActorRole.Customer or ActorRole.Reviewer) => [CaseActions.Close],
        (CaseStatus.Answered, ActorRole.Platform) => [CaseActions.Close],
        _ => [],
    };

    private static Decision<CaseEvent> RegisterComplaint(RegisterComplaint c, DateTimeOffset now)
    {
        var policy = c.Policy ?? CasePolicies.Standard;
        var invalid = Check.Id(c.Protocol, "protocol")
            ?? Check.Id(c.CompanyId, "companyId")
            ?? Check.Id(c.CustomerId, "customerId")
            ?? Check.Known(c.Channel, "channel")
            ?? Check.Text(c.Subject, "subject", Check.MaxShortText)
            ?? Check.Text(c.Description, "description")
            ?? policy.Validate();
        if (invalid is not null) return invalid;
        if (c.By.Role == ActorRole.Customer && c.By.Id != c.CustomerId)
            return Rejection.Restricted("not_a_party", "A customer registers complaints in their own name.");
        if (Due.Resolve(c.AnswerBy, policy.Complaint.Answer, now, "answerBy", out var answerBy) is { } badDue) return badDue;
        return Accept(new ComplaintRegistered(now, c.By, c.Protocol, c.CompanyId, c.CustomerId, c.Channel, c.Subject, c.Description, answerBy, policy));
    }

    private static Decision<CaseEvent> AnswerComplaint(AnswerComplaint c, ComplaintDetails complaint, DateTimeOffset now) =>
        Check.Text(c.Text, "text") is { } bad ? bad : Accept(new ComplaintAnswered(now, c.By, c.Text, Late: now > complaint.AnswerBy));

    private static Decision<CaseEvent> CloseComplaint(CloseComplaint c, ComplaintDetails complaint, DateTimeOffset now)
    {
        var invalid = Check.Known(c.Resolution, "resolution") ?? Check.OptionalText(c.Note, "note", Check.MaxShortText);
        return invalid ?? Accept(new ComplaintClosed(now, c.By, complaint.Protocol, complaint.CompanyId, c.Resolution, c.Note));
    }

    private static IEnumerable<Deadline> ComplaintDeadlines(CaseStatus status, ComplaintDetails complaint) =>
        status == CaseStatus.AwaitingAnswer ? [new Deadline(AnswerDeadline, Due.FiresAt(complaint.AnswerBy))] : [];

    private static IReadOnlyList<CaseEvent> FireComplaint(ComplaintDetails complaint, DateTimeOffset now) =>
        [new ComplaintAnswerOverdue(now, Actor.Automation, complaint.Protocol, complaint.CompanyId, complaint.AnswerBy)];

    private static ComplaintDetails NewComplaint(ComplaintRegistered e) =>
        new(e.Protocol, e.CompanyId, e.CustomerId, e.Channel, e.Subject, e.Description, e.AnswerBy);

    private static CaseState EvolveComplaint(CaseState state, CaseEvent @event)
    {
        var complaint = state.Complaint!;
        return @event switch
        {
            ComplaintAnswerOverdue => state with { Status = CaseStatus.Overdue, Complaint = complaint with { Breached = true } },
            ComplaintAnswered e => state with { Status = CaseStatus.Answered, Complaint = complaint with { Answer = e.Text, AnsweredAt = e.At } },
            ComplaintClosed e => state with { Status = CaseStatus.Closed, Complaint = complaint with { Resolution = e.Resolution, ClosedAt = e.At } },
            _ => state,
        };
    }
}
