using Pledge.Domain.Kernel;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class DisputeTests
{
    private static readonly CasePolicy Guarded = CasePolicies.Guarded;

    [Fact]
    public void Opening_waits_for_the_seller_until_one_microsecond_after_the_due_time()
    {
        var run = new CaseRun();

        var events = run.Accept(Dispute());

        var opened = Assert.IsType<DisputeOpened>(Assert.Single(events));
        Assert.Equal(Buyer.Id, opened.BuyerId);
        Assert.Equal(CasePolicies.Standard, opened.Policy);
        Assert.Equal(CaseStatus.AwaitingSeller, run.State.Status);
        Assert.Equal(new Deadline("response:1", Start.AddDays(3) + Microsecond), Assert.Single(run.Deadlines));
        Assert.Equal(SolutionKind.FullRefund, run.State.Dispute!.Current.Solution.Kind);
    }

    [Fact]
    public void A_business_day_term_needs_the_due_time_from_the_caller()
    {
        var run = new CaseRun();

        var rejection = run.Refuse(Dispute() with { RespondBy = null });

        Assert.Equal(RejectionKind.Invalid, rejection.Kind);
        Assert.Equal("respondBy", rejection.Field);
        Assert.Contains("3 business days", rejection.Message);
    }

    [Fact]
    public void An_elapsed_day_term_falls_back_to_now_plus_the_days()
    {
        var elapsed = CasePolicies.Standard with { Name = "elapsed", Dispute = CasePolicies.Standard.Dispute with { SellerResponse = CaseTerm.Elapsed(2) } };
        var run = new CaseRun(Start.AddTicks(7));

        run.Accept(Dispute(elapsed) with { RespondBy = null });

        Assert.Equal(Start.AddDays(2), run.State.Dispute!.RespondBy);
        Assert.Equal(Start.AddDays(2) + Microsecond, Assert.Single(run.Deadlines).DueAt);
    }

    [Fact]
    public void A_due_time_in_the_past_is_refused()
    {
        var run = new CaseRun();

        Assert.Equal("respondBy", run.Refuse(Dispute() with { RespondBy = Start }).Field);
    }

    [Theory]
    [InlineData("orderId")]
    [InlineData("wanted.amount")]
    [InlineData("wanted.details")]
    [InlineData("evidence[0].sha256")]
    [InlineData("description")]
    [InlineData("sellerId")]
    [InlineData("policy.dispute.sellerResponse.days")]
    public void Bad_input_names_the_field_and_changes_nothing(string field)
    {
        var good = Dispute();
        var bad = field switch
        {
            "orderId" => good with { OrderId = " " },
            "wanted.amount" => good with { Wanted = new Solution(SolutionKind.PartialRefund) },
            "wanted.details" => good with { Wanted = new Solution(SolutionKind.Other) },
            "evidence[0].sha256" => good with { Evidence = [Photo with { Sha256 = "abc" }] },
            "description" => good with { Description = "" },
            "sellerId" => good with { SellerId = Buyer.Id },
            _ => good with { Policy = CasePolicies.Standard with { Dispute = CasePolicies.Standard.Dispute with { SellerResponse = CaseTerm.Business(0) } } },
        };
        var run = new CaseRun();

        var rejection = run.Refuse(bad);

        Assert.Equal(RejectionKind.Invalid, rejection.Kind);
        Assert.Equal(field, rejection.Field);
        Assert.Empty(run.Events);
    }

    [Fact]
    public void Seller_accepting_the_wanted_refund_leaves_only_the_seller_to_execute()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.Advance(TimeSpan.FromHours(5));

        var agreed = Assert.IsType<SolutionAgreed>(Assert.Single(run.Accept(new AcceptSolution(Seller, Start.AddDays(8)))));

        Assert.Equal(Party.Seller, agreed.AcceptedBy);
        Assert.Equal([Party.Seller], agreed.Executors);
        Assert.Equal(CaseStatus.AwaitingExecution, run.State.Status);
        Assert.Equal(new Deadline("execution", Start.AddDays(8) + Microsecond), Assert.Single(run.Deadlines));

        var events = run.Accept(new ReportExecution(Platform, Party.Seller, "refund id r-1"));

        Assert.Collection(events, e => Assert.IsType<ExecutionReported>(e), e => Assert.Equal(SolutionKind.FullRefund, Assert.IsType<DisputeResolved>(e).Solution.Kind));
        Assert.Equal(CaseStatus.Resolved, run.State.Status);
        Assert.Equal(DisputeOutcome.Executed, run.State.Dispute!.Outcome);
        Assert.Empty(run.Deadlines);
    }

    [Fact]
    public void Rounds_alternate_and_each_offer_restarts_the_other_sides_deadline()
    {
        var run = new CaseRun();
        run.Accept(Dispute());

        run.Advance(TimeSpan.FromDays(1));
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.PartialRefund, Eur(20m)), "Only the lid is chipped.", [Photo], Start.AddDays(4)));
        Assert.Equal(CaseStatus.AwaitingBuyer, run.State.Status);
        Assert.Equal(new Deadline("response:2", Start.AddDays(4) + Microsecond), Assert.Single(run.Deadlines));

        run.Advance(TimeSpan.FromDays(1));
        run.Accept(new OfferSolution(Buyer, new Solution(SolutionKind.PartialRefund, Eur(35m)), "The base is cracked too.", null, Start.AddDays(5)));
        Assert.Equal(CaseStatus.AwaitingSeller, run.State.Status);
        Assert.Equal(new Deadline("response:3", Start.AddDays(5) + Microsecond), Assert.Single(run.Deadlines));

        run.Advance(TimeSpan.FromDays(1));
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.PartialRefund, Eur(30m)), "Meet in the middle.", null, Start.AddDays(6)));
        run.Accept(new AcceptSolution(Buyer, Start.AddDays(10)));

        var dispute = run.State.Dispute!;
        Assert.Equal([1, 2, 3, 4], dispute.Proposals.Select(p => p.Round));
        Assert.Equal([Party.Buyer, Party.Seller, Party.Buyer, Party.Seller], dispute.Proposals.Select(p => p.Side));
        Assert.Equal(Eur(30m), dispute.Agreed!.Amount);
        Assert.Equal(CaseStatus.AwaitingExecution, run.State.Status);
    }

    [Fact]
    public void A_return_needs_both_sides_and_repeated_reports_change_nothing()
    {
        var run = new CaseRun();
        run.Accept(Dispute(wanted: new Solution(SolutionKind.ReturnAndRefund)));
        run.Accept(new AcceptSolution(Seller, Start.AddDays(8)));

        Assert.Single(run.Accept(new ReportExecution(Platform, Party.Buyer)));
        Assert.Empty(run.Accept(new ReportExecution(Platform, Party.Buyer)));
        Assert.Equal(CaseStatus.AwaitingExecution, run.State.Status);

        run.Accept(new ReportExecution(Platform, Party.Seller));

        Assert.Equal(CaseStatus.Resolved, run.State.Status);
    }

    [Fact]
    public void Reporting_a_side_the_solution_does_not_need_is_refused()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.Accept(new AcceptSolution(Seller, Start.AddDays(8)));

        Assert.Equal("side", run.Refuse(new ReportExecution(Platform, Party.Buyer)).Field);
    }

    [Fact]
    public void Execution_on_the_due_instant_is_on_time_but_a_microsecond_later_the_platform_steps_in()
    {
        var onTime = new CaseRun();
        onTime.Accept(Dispute());
        onTime.Accept(new AcceptSolution(Seller, Start.AddDays(8)));
        onTime.AdvanceTo(Start.AddDays(8));
        onTime.Accept(new ReportExecution(Platform, Party.Seller));
        Assert.Equal(CaseStatus.Resolved, onTime.State.Status);

        var late = new CaseRun();
        late.Accept(Dispute());
        late.Accept(new AcceptSolution(Seller, Start.AddDays(8)));
        late.AdvanceTo(Start.AddDays(8) + Microsecond);

        var escalated = Assert.IsType<DisputeEscalated>(late.Events[^1]);
        Assert.Equal(EscalationReason.ExecutionOverdue, escalated.Reason);
        Assert.Equal(Start.AddDays(8) + Microsecond, escalated.At);
        Assert.Equal(ActorRole.System, escalated.By.Role);
        Assert.Equal(CaseStatus.Escalated, late.State.Status);
        Assert.Equal(ActionNotAllowed(CaseStatus.Escalated, []), Summary(late.Refuse(new ReportExecution(Platform, Party.Seller))));
    }

    [Fact]
    public void A_silent_seller_lets_the_buyer_escalate_under_the_standard_policy()
    {
        var run = new CaseRun();
        run.Accept(Dispute());

        Assert.Equal(ActionNotAllowed(CaseStatus.AwaitingSeller, [CaseActions.Withdraw]), Summary(run.Refuse(new EscalateDispute(Buyer))));

        run.AdvanceTo(Start.AddDays(3));
        Assert.Single(run.Events);
        run.Advance(Microsecond);

        var overdue = Assert.IsType<ResponseOverdue>(run.Events[^1]);
        Assert.Equal(Party.Seller, overdue.Side);
        Assert.Equal(CaseStatus.AwaitingSeller, run.State.Status);
        Assert.Empty(run.Deadlines);
        Assert.Equal([CaseActions.Escalate, CaseActions.Withdraw], CaseDecider.AllowedActions(run.State, ActorRole.Buyer));

        var escalated = Assert.IsType<DisputeEscalated>(Assert.Single(run.Accept(new EscalateDispute(Buyer, "No answer in 3 days."))));
        Assert.Equal(EscalationReason.BuyerRequest, escalated.Reason);
        Assert.Equal(CaseStatus.Escalated, run.State.Status);
    }

    [Fact]
    public void A_seller_answering_late_but_before_escalation_is_still_heard()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.AdvanceTo(Start.AddDays(4));

        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Sending another one.", null, Start.AddDays(6)));

        Assert.Equal(CaseStatus.AwaitingBuyer, run.State.Status);
        Assert.False(run.State.Dispute!.Overdue);
    }

    [Fact]
    public void The_guarded_policy_escalates_a_silent_seller_at_the_deadline()
    {
        var run = new CaseRun();
        run.Accept(Dispute(Guarded));

        run.AdvanceTo(Start.AddDays(3));
        Assert.Equal(CaseStatus.AwaitingSeller, run.State.Status);
        run.Advance(Microsecond);

        Assert.Collection(run.Events.Skip(1),
            e => Assert.IsType<ResponseOverdue>(e),
            e => Assert.Equal(EscalationReason.SellerSilence, Assert.IsType<DisputeEscalated>(e).Reason));
        Assert.Equal(CaseStatus.Escalated, run.State.Status);
    }

    [Fact]
    public void A_response_after_a_deadline_the_host_has_not_fired_yet_meets_the_deadline_first()
    {
        var run = new CaseRun();
        run.Accept(Dispute(Guarded));
        run.Clock.Advance(TimeSpan.FromDays(3) + Microsecond);   // the scheduler is late: no deadline fired

        var rejection = run.Refuse(new AcceptSolution(Seller, Start.AddDays(9)));

        Assert.Equal(ActionNotAllowed(CaseStatus.Escalated, []), Summary(rejection));
    }

    [Fact]
    public void Under_the_standard_policy_a_late_seller_answer_records_the_overdue_before_it()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.Clock.Advance(TimeSpan.FromDays(3) + Microsecond);

        var events = run.Accept(new AcceptSolution(Seller, Start.AddDays(9)));

        Assert.Collection(events, e => Assert.IsType<ResponseOverdue>(e), e => Assert.IsType<SolutionAgreed>(e));
    }

    [Fact]
    public void A_silent_buyer_lapses_the_dispute_under_the_standard_policy()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Sending another one.", null, Start.AddDays(3)));

        run.AdvanceTo(Start.AddDays(3) + Microsecond);

        Assert.IsType<DisputeLapsed>(run.Events[^1]);
        Assert.Equal(CaseStatus.Closed, run.State.Status);
        Assert.Equal(DisputeOutcome.Lapsed, run.State.Dispute!.Outcome);
    }

    [Fact]
    public void A_silent_buyer_escalates_under_the_guarded_policy()
    {
        var run = new CaseRun();
        run.Accept(Dispute(Guarded));
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Sending another one.", null, Start.AddDays(3)));

        run.AdvanceTo(Start.AddDays(3) + Microsecond);

        Assert.Equal(EscalationReason.BuyerSilence, Assert.IsType<DisputeEscalated>(run.Events[^1]).Reason);
    }

    [Fact]
    public void Customer_care_decides_once_and_for_all()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.PartialRefund, Eur(5m)), "Cosmetic damage only.", null, Start.AddDays(3)));
        run.Accept(new EscalateDispute(Buyer, "5 EUR for a broken vase?"));
        Assert.Equal(ActionNotAllowed(CaseStatus.Escalated, []), Summary(run.Refuse(new AcceptSolution(Seller, Start.AddDays(9)))));

        var decided = Assert.IsType<DisputeDecided>(Assert.Single(
            run.Accept(new DecideDispute(Reviewer, Party.Buyer, "Photos show the vase in pieces.", new Solution(SolutionKind.FullRefund)))));

        Assert.Equal("order-42", decided.OrderId);
        Assert.Equal(CaseStatus.Closed, run.State.Status);
        Assert.Equal(new DisputeRuling(Party.Buyer, "Photos show the vase in pieces.", new Solution(SolutionKind.FullRefund), Reviewer, Start), run.State.Dispute!.Ruling);
        Assert.Equal(ActionNotAllowed(CaseStatus.Closed, []),
            Summary(run.Refuse(new DecideDispute(Reviewer, Party.Seller, "Changed my mind."))));
        Assert.Equal(ActionNotAllowed(CaseStatus.Closed, []), Summary(run.Refuse(new WithdrawCase(Buyer))));
        Assert.Empty(CaseDecider.AllowedActions(run.State));
    }

    [Fact]
    public void It_is_the_sellers_turn_until_the_seller_answers()
    {
        var run = new CaseRun();
        run.Accept(Dispute());

        Assert.Equal(ActionNotAllowed(CaseStatus.AwaitingSeller, [CaseActions.Withdraw]), Summary(run.Refuse(new AcceptSolution(Buyer, Start.AddDays(9)))));
        Assert.Equal(ActionNotAllowed(CaseStatus.AwaitingSeller, []), Summary(run.Refuse(new DecideDispute(Reviewer, Party.Buyer, "Too early."))));
        Assert.Equal(ActionNotAllowed(CaseStatus.AwaitingSeller, [CaseActions.Escalate]), Summary(run.Refuse(new ReportExecution(Platform, Party.Seller))));
        Assert.Equal(ActionNotAllowed(CaseStatus.AwaitingSeller, [CaseActions.AcceptSolution, CaseActions.OfferSolution]), Summary(run.Refuse(Dispute() with { By = Seller })));
    }

    [Fact]
    public void Only_the_parties_of_the_case_act_for_their_side()
    {
        var run = new CaseRun();
        run.Accept(Dispute());

        var rejection = run.Refuse(new AcceptSolution(new Actor("seller-2", ActorRole.Seller), Start.AddDays(9)));

        Assert.Equal(RejectionKind.Restricted, rejection.Kind);
        Assert.Equal("not_a_party", rejection.Code);
    }

    [Fact]
    public void A_command_without_an_actor_is_refused()
    {
        var run = new CaseRun();

        Assert.Equal("by.id", run.Refuse(Dispute() with { By = new Actor("", ActorRole.Buyer) }).Field);
        Assert.Equal("by", run.Refuse(Dispute() with { By = null! }).Field);
    }

    [Fact]
    public void Clients_cannot_fire_deadlines()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        var due = Assert.Single(run.Deadlines);

        Assert.Equal(RejectionKind.NotAllowed, run.Refuse(new ReachDeadline(Buyer, due.Name, due.DueAt)).Kind);
    }

    [Fact]
    public void A_deadline_the_state_no_longer_wants_changes_nothing()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        var stale = Assert.Single(run.Deadlines);
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Sending another one.", null, Start.AddDays(2)));
        run.Clock.AdvanceTo(stale.DueAt);

        Assert.Empty(run.Accept(CaseDecider.Instance.OnDeadline(stale)));
        Assert.Equal(CaseStatus.AwaitingBuyer, run.State.Status);
    }

    [Fact]
    public void The_buyer_may_withdraw_until_an_agreement()
    {
        var run = new CaseRun();
        run.Accept(Dispute());

        run.Accept(new WithdrawCase(Buyer, "Parcel found at the neighbour's."));

        Assert.Equal(CaseStatus.Closed, run.State.Status);
        Assert.Equal(DisputeOutcome.Withdrawn, run.State.Dispute!.Outcome);
        Assert.Empty(run.Deadlines);
    }

    internal static (string Code, string? State, string? Allowed) ActionNotAllowed(CaseStatus status, IReadOnlyList<string> allowed) =>
        ("action_not_allowed", CaseStatuses.Name(status), string.Join(",", allowed));

    internal static (string Code, string? State, string? Allowed) Summary(Rejection rejection) =>
        (rejection.Code, rejection.Details?["state"], rejection.Details?["allowed"]);
}
