using Pledge.Cases.Statistics;
using Pledge.Domain.Kernel;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class ComplaintTests
{
    /// <summary>7 business days after Monday 2 March 2026 09:00 in a Monday–Friday calendar, as the caller computes it.</summary>
    private static readonly DateTimeOffset AnswerBy = new(2026, 3, 11, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_complaint_is_registered_at_once_and_waits_for_its_answer_until_the_due_time()
    {
        var run = new CaseRun();

        var registered = Assert.IsType<ComplaintRegistered>(Assert.Single(run.Accept(Complaint(AnswerBy))));

        Assert.Equal("PLG-2026-000001", registered.Protocol);
        Assert.Equal("awaiting_answer", CaseKinds.Status(run.State));
        Assert.Equal(new Deadline("answer", AnswerBy + Microsecond), Assert.Single(run.Deadlines));
    }

    [Fact]
    public void The_answer_due_time_comes_from_the_callers_calendar()
    {
        var rejection = new CaseRun().Refuse(Complaint(answerBy: null));

        Assert.Equal("answerBy", rejection.Field);
        Assert.Contains("7 business days", rejection.Message);
    }

    [Fact]
    public void An_answer_at_the_due_instant_is_on_time()
    {
        var run = new CaseRun();
        run.Accept(Complaint(AnswerBy));
        run.AdvanceTo(AnswerBy);

        var answered = Assert.IsType<ComplaintAnswered>(Assert.Single(run.Accept(new AnswerComplaint(Platform, "Refunded the second charge."))));

        Assert.False(answered.Late);
        Assert.False(run.State.Complaint!.Breached);
        Assert.Empty(run.Deadlines);
    }

    [Fact]
    public void A_late_answer_is_a_breach_recorded_at_the_deadline()
    {
        var run = new CaseRun();
        run.Accept(Complaint(AnswerBy));

        run.AdvanceTo(AnswerBy + TimeSpan.FromDays(2));

        var breach = Assert.IsType<ComplaintAnswerOverdue>(run.Events[^1]);
        Assert.Equal(AnswerBy + Microsecond, breach.At);
        Assert.Equal(AnswerBy, breach.AnswerBy);
        Assert.Equal("acme", breach.CompanyId);
        Assert.Equal("overdue", CaseKinds.Status(run.State));
        Assert.True(run.State.Complaint!.Breached);

        Assert.True(Assert.IsType<ComplaintAnswered>(Assert.Single(run.Accept(new AnswerComplaint(Platform, "Sorry for the delay.")))).Late);
        Assert.True(run.State.Complaint.Breached);
    }

    [Fact]
    public void An_answer_after_a_deadline_not_yet_fired_records_the_breach_first()
    {
        var run = new CaseRun();
        run.Accept(Complaint(AnswerBy));
        run.Clock.AdvanceTo(AnswerBy.AddHours(1));

        var events = run.Accept(new AnswerComplaint(Platform, "Sorry for the delay."));

        Assert.Collection(events, e => Assert.IsType<ComplaintAnswerOverdue>(e), e => Assert.True(Assert.IsType<ComplaintAnswered>(e).Late));
    }

    [Fact]
    public void Closing_records_the_resolution_and_feeds_the_companys_statistics()
    {
        var run = new CaseRun();
        run.Accept(Complaint(AnswerBy));
        run.Accept(new AnswerComplaint(new Actor("acme", ActorRole.Seller), "Refunded."));

        var closed = Assert.IsType<ComplaintClosed>(Assert.Single(run.Accept(new CloseComplaint(Customer, ComplaintResolution.Resolved))));

        Assert.Equal(CaseStatus.Closed, run.State.Status);
        Assert.Equal(ComplaintResolution.Resolved, run.State.Complaint!.Resolution);
        var reaction = Assert.Single(CaseKinds.Case.React("case-17", closed, closed.At));
        Assert.Equal((CaseKinds.ComplaintStatsName, "acme"), (reaction.Kind, reaction.Key));
        Assert.Equal(new RecordComplaintClosure("case-17", "PLG-2026-000001", Start, ComplaintResolution.Resolved), reaction.Command);
        Assert.Empty(CaseKinds.Case.React("case-17", run.Events[0], Start));
    }

    [Fact]
    public void Who_may_answer_and_close()
    {
        var run = new CaseRun();
        run.Accept(Complaint(AnswerBy));

        Assert.Equal("not_a_party", run.Refuse(new AnswerComplaint(new Actor("other-co", ActorRole.Seller), "Hi.")).Code);
        Assert.Equal("not_a_party", run.Refuse(new CloseComplaint(new Actor("customer-2", ActorRole.Customer), ComplaintResolution.Resolved)).Code);
        Assert.Equal(DisputeTests.ActionNotAllowed(CaseStatus.AwaitingAnswer, [CaseActions.Close]), DisputeTests.Summary(run.Refuse(new AnswerComplaint(Customer, "Me again."))));
        run.Accept(new AnswerComplaint(Platform, "Done."));
        Assert.Equal(DisputeTests.ActionNotAllowed(CaseStatus.Answered, [CaseActions.Close]), DisputeTests.Summary(run.Refuse(new AnswerComplaint(Platform, "Again."))));
        run.Accept(new CloseComplaint(Reviewer, ComplaintResolution.NotResolved, "Customer never confirmed."));
        Assert.Empty(CaseDecider.AllowedActions(run.State));
    }

    [Fact]
    public void A_customer_registers_only_in_their_own_name()
    {
        var rejection = new CaseRun().Refuse(Complaint(AnswerBy) with { By = new Actor("customer-2", ActorRole.Customer) });

        Assert.Equal(RejectionKind.Restricted, rejection.Kind);
    }
}
