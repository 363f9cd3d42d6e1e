using Pledge.Api.Tests.Generated;

namespace Pledge.Api.Tests;

/// <summary>
/// A platform's integration, written against the C# client generated at build time from the OpenAPI document
/// (see the csproj): open a conversation, exchange messages, see a breach, file a dispute and resolve it. Every
/// call also passes the contract check of the test client underneath.
/// </summary>
public sealed class GeneratedClientFlowTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public GeneratedClientFlowTests(PledgeApiFactory api) => this.api = api;

    [Fact]
    public async Task A_platform_runs_a_conversation_and_a_dispute_through_the_generated_client()
    {
        var tenant = await api.NewTenantAsync("generated-client");
        var client = new PledgeClient(tenant.Platform);

        var opened = await client.OpenConversationAsync("chat-1", new OpenConversationRequest { Policy = "talent-chat", Owner = "talent-7", Customer = "cust-1" });
        Assert.Equal("talent-chat", opened.Policy);
        var waiting = await client.ReceiveMessageAsync("chat-1", new MessageRequest { MessageId = "m1", From = Party.Customer, Author = "cust-1", Text = "Are you there?" });
        Assert.NotNull(waiting.OpenWait);

        // talent-chat's first tier is PT2M: a wait strictly longer breaches it once the deadline fires.
        api.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await Eventually.ReachesAsync(tenant.Platform, "/v1/conversations/chat-1", v => v.GetProperty("breaches").GetProperty("PT2M").GetInt32() == 1);
        var breached = await client.GetConversationAsync("chat-1");
        Assert.Equal(1, breached.Breaches["PT2M"]);
        Assert.Equal(0, breached.Breaches["PT5M"]);

        var answered = await client.ReceiveMessageAsync("chat-1", new MessageRequest { MessageId = "m2", From = Party.Agent, Author = "talent-7", Text = "Sorry, here now." });
        Assert.Null(answered.OpenWait);
        Assert.NotNull(Assert.Single(answered.Waits).Closed);

        var filed = await client.FileCaseAsync(new DisputeFilingRequest
        {
            Id = "dispute-1",
            As = new ActingAs { Id = "buyer-1", Role = ActorRole.Buyer },
            OrderId = "order-1",
            SellerId = "seller-1",
            Problem = DisputeProblem.Damaged,
            Description = "The screen arrived cracked.",
            Wanted = new Solution { Kind = SolutionKind.Full_refund },
        });
        Assert.Equal(CaseType.Dispute, filed.Type);
        Assert.Equal(CaseStatus.Awaiting_seller, filed.Status);

        var offered = await client.ActOnCaseAsync("dispute-1", new OfferSolutionRequestAction
        {
            As = new ActingAs { Id = "seller-1", Role = ActorRole.Seller },
            Solution = new Solution { Kind = SolutionKind.Partial_refund, Amount = new Money { Amount = 20.00, Currency = "EUR" } },
            Explanation = "Only a corner is chipped.",
        });
        Assert.Equal(CaseStatus.Awaiting_buyer, offered.Status);
        var agreed = await client.ActOnCaseAsync("dispute-1", new AcceptSolutionRequestAction { As = new ActingAs { Id = "buyer-1", Role = ActorRole.Buyer } });
        Assert.Equal(CaseStatus.Awaiting_execution, agreed.Status);
        Assert.Equal(SolutionKind.Partial_refund, agreed.Dispute!.Agreed!.Kind);

        // A partial refund is the seller's alone to carry out.
        var resolved = await client.ActOnCaseAsync("dispute-1", new ReportExecutionRequestAction { Side = CaseParty.Seller, Note = "Refund paid." });
        Assert.Equal(CaseStatus.Resolved, resolved.Status);
        Assert.Equal(DisputeOutcome.Executed, resolved.Dispute!.Outcome);

        // Policies come typed by family: the dispute ran under cases-standard's terms.
        var policies = await client.ListPoliciesAsync();
        var cases = Assert.IsType<CasePolicyView>(Assert.Single(policies, p => p.Name == "cases-standard"));
        Assert.True(cases.Policy.Dispute.SellerResponse.Days > 0);
        Assert.IsType<ConversationPolicyView>(Assert.Single(policies, p => p.Name == "talent-chat"));

        // A refusal arrives as the documented problem, typed.
        var refused = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            client.ActOnCaseAsync("dispute-1", new WithdrawRequestAction { As = new ActingAs { Id = "buyer-1", Role = ActorRole.Buyer } }));
        Assert.Equal(409, refused.StatusCode);
        Assert.Equal("action_not_allowed", refused.Result.Code);
    }
}
