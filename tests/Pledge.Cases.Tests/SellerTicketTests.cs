using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class SellerTicketTests
{
    private sealed record ExcludeMessages(IReadOnlyList<string> MessageIds, string Because);

    [Fact]
    public void An_upheld_ticket_carries_the_messages_to_exclude_to_the_conversation()
    {
        var run = new CaseRun();
        run.Accept(Ticket());
        Assert.Equal("in_review", CaseKinds.Status(run.State));

        var upheld = Assert.IsType<TicketUpheld>(Assert.Single(run.Accept(new UpholdTicket(Reviewer, "Repeated extortion attempts."))));

        Assert.Equal(("conv-77", Seller.Id, "buyer-9"), (upheld.ConversationId, upheld.SellerId, upheld.BuyerId));
        Assert.Equal(["m-1", "m-2"], upheld.MessageIds);
        Assert.Equal(CaseStatus.Upheld, run.State.Status);

        var kind = CaseKinds.CreateCase(t => new ExcludeMessages(t.MessageIds, $"ticket upheld at {t.At:O}"));
        var reaction = Assert.Single(kind.React("ticket-1", upheld, upheld.At));
        Assert.Equal(("conversation", "conv-77"), (reaction.Kind, reaction.Key));
        Assert.Equal(["m-1", "m-2"], Assert.IsType<ExcludeMessages>(reaction.Command).MessageIds);
        Assert.Empty(CaseKinds.Case.React("ticket-1", upheld, upheld.At));
    }

    [Fact]
    public void A_rejected_ticket_excludes_nothing()
    {
        var run = new CaseRun();
        run.Accept(Ticket());

        var rejected = Assert.IsType<TicketRejected>(Assert.Single(run.Accept(new RejectCase(Reviewer, "Ordinary negotiation."))));

        Assert.Equal(CaseStatus.Rejected, run.State.Status);
        Assert.Empty(CaseKinds.CreateCase(_ => "never").React("ticket-1", rejected, rejected.At));
    }

    [Fact]
    public void Only_a_reviewer_decides()
    {
        var run = new CaseRun();
        run.Accept(Ticket());

        Assert.Equal(DisputeTests.ActionNotAllowed(CaseStatus.InReview, [CaseActions.Withdraw]), DisputeTests.Summary(run.Refuse(new UpholdTicket(Seller))));
        Assert.Equal(DisputeTests.ActionNotAllowed(CaseStatus.InReview, []), DisputeTests.Summary(run.Refuse(new UpholdTicket(Platform))));
    }

    [Theory]
    [InlineData("messageIds")]
    [InlineData("messageIds[1]")]
    [InlineData("buyerId")]
    [InlineData("reason")]
    public void Bad_input_names_the_field(string field)
    {
        var bad = field switch
        {
            "messageIds" => Ticket() with { MessageIds = [] },
            "messageIds[1]" => Ticket() with { MessageIds = ["m-1", "m-1"] },
            "buyerId" => Ticket() with { BuyerId = Seller.Id },
            _ => Ticket() with { Reason = (TicketReason)42 },
        };

        Assert.Equal(field, new CaseRun().Refuse(bad).Field);
    }
}
