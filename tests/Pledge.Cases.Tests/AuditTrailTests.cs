using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class AuditTrailTests
{
    [Fact]
    public void A_disputes_trail_reads_as_its_history()
    {
        var run = new CaseRun();
        run.Accept(Dispute(wanted: new Solution(SolutionKind.ReturnAndRefund)));
        run.Advance(TimeSpan.FromHours(20));
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.PartialRefund, Eur(15m)), "Keep it, with a discount.", null, Start.AddDays(4)));
        run.Advance(TimeSpan.FromHours(4));
        run.Accept(new AcceptSolution(Buyer, Start.AddDays(9)));
        run.Advance(TimeSpan.FromDays(1));
        run.Accept(new ReportExecution(Platform, Party.Seller));

        var trail = run.State.History.Select(s => $"{s.At:MM-dd HH:mm} {s.By.Role} {s.By.Id}: {s.What} ({s.From} -> {s.To})");

        Assert.Equal(
        [
            "03-02 09:00 Buyer buyer-1: dispute_opened (none -> awaiting_seller)",
            "03-03 05:00 Seller seller-1: solution_offered (awaiting_seller -> awaiting_buyer)",
            "03-03 09:00 Buyer buyer-1: solution_agreed (awaiting_buyer -> awaiting_execution)",
            "03-04 09:00 Platform shop-platform: execution_reported (awaiting_execution -> awaiting_execution)",
            "03-04 09:00 Platform shop-platform: dispute_resolved (awaiting_execution -> resolved)",
        ], trail);
    }

    [Fact]
    public void Deadline_steps_are_taken_by_pledge_at_the_deadline()
    {
        var run = new CaseRun();
        run.Accept(Dispute(CasePolicies.Guarded));
        run.AdvanceTo(Start.AddDays(5));
        run.Accept(new DecideDispute(Reviewer, Party.Buyer, "Seller never answered.", new Solution(SolutionKind.FullRefund)));

        Assert.Equal(
        [
            ("dispute_opened", "none", "awaiting_seller", ActorRole.Buyer, Start),
            ("response_overdue", "awaiting_seller", "awaiting_seller", ActorRole.System, Start.AddDays(3) + Microsecond),
            ("dispute_escalated", "awaiting_seller", "escalated", ActorRole.System, Start.AddDays(3) + Microsecond),
            ("dispute_decided", "escalated", "closed", ActorRole.Reviewer, Start.AddDays(5)),
        ], run.State.History.Select(s => (s.What, s.From, s.To, s.By.Role, s.At)));
    }

    [Fact]
    public void The_trail_is_derived_from_the_events_alone()
    {
        var run = new CaseRun();
        run.Accept(Claim([ClaimCategory.Demeaning], messageIds: ["m-1"]));
        run.Accept(new ApproveClaim(Reviewer, Eur(3m)));

        var replayed = run.Events.Aggregate(CaseState.Initial, CaseDecider.Instance.Evolve);

        Assert.Equal(run.State.History, replayed.History);
        Assert.Equal(run.Events.Count, replayed.History.Count);
        Assert.Equal(["claim_filed", "claim_queued", "claim_approved"], replayed.History.Select(s => s.What));
        Assert.Equal(["none", "filed", "in_review"], replayed.History.Select(s => s.From));
    }
}
