using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class CaseKindsTests
{
    [Fact]
    public void Kinds_have_their_names()
    {
        Assert.Equal(
            ["case", "protocol-counter", "complaint-stats", "claim-registry"],
            [CaseKinds.Case.Name, CaseKinds.ProtocolCounter.Name, CaseKinds.ComplaintStats.Name, CaseKinds.ClaimRegistry.Name]);
    }

    [Fact]
    public void A_case_is_listed_under_its_status_once_open()
    {
        var run = new CaseRun();
        Assert.Null(CaseKinds.Case.Status(run.State));

        run.Accept(Dispute());

        Assert.Equal("awaiting_seller", CaseKinds.Case.Status(run.State));
        Assert.Equal("dispute_opened", CaseKinds.Case.EventType(run.Events[0]));
    }

    [Fact]
    public void Commands_survive_the_hosts_untyped_serialisation()
    {
        var command = new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Resending.", null, Start.AddDays(1));

        var back = Assert.IsType<OfferSolution>(CaseKinds.Case.DeserializeCommand(CaseKinds.Case.SerializeCommand(command)));

        Assert.Equal(command with { Evidence = back.Evidence }, back);
    }

    [Fact]
    public void Allowed_actions_are_listed_per_role()
    {
        var run = new CaseRun();
        run.Accept(Dispute());
        run.Accept(new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Resending.", null, Start.AddDays(1)));

        var allowed = CaseDecider.AllowedActions(run.State);

        Assert.Equal([ActorRole.Buyer, ActorRole.Platform], allowed.Keys.Order());
        Assert.Equal([CaseActions.AcceptSolution, CaseActions.OfferSolution, CaseActions.Escalate, CaseActions.Withdraw], allowed[ActorRole.Buyer]);
    }

    [Fact]
    public void The_presets_are_valid_and_findable()
    {
        Assert.All(CasePolicies.All, p => Assert.Null(p.Validate()));
        Assert.Same(CasePolicies.Guarded, CasePolicies.Find("cases-guarded"));
        Assert.Equal(TimeSpan.FromDays(7), CasePolicies.Standard.Claim.Window);
        Assert.Equal(CaseTerm.Business(3), CasePolicies.Standard.Dispute.SellerResponse);
        Assert.Equal(CaseTerm.Business(7), CasePolicies.Standard.Complaint.Answer);
    }
}
