using Pledge.Domain.Kernel;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class MoneyBackClaimTests
{
    [Fact]
    public void An_eligible_response_time_claim_is_approved_automatically_for_the_amount_paid()
    {
        var run = new CaseRun();

        var events = run.Accept(Claim([ClaimCategory.ResponseTime], Breaches(eligible: true, slow: 5, verySlow: 1)));

        var approved = Assert.IsType<ClaimApproved>(events[^1]);
        Assert.IsType<ClaimFiled>(events[0]);
        Assert.True(approved.Automatic);
        Assert.Equal(Actor.Automation, approved.By);
        Assert.Equal(Eur(10m), approved.Refund);
        Assert.Equal(("conv-9", "talent-3", Customer.Id), (approved.ConversationId, approved.OwnerId, approved.CustomerId));
        Assert.Equal(CaseStatus.Approved, run.State.Status);
        Assert.Empty(CaseDecider.AllowedActions(run.State));
    }

    [Fact]
    public void The_guarded_policy_queues_an_eligible_claim_for_a_quick_confirmation()
    {
        var run = new CaseRun();

        run.Accept(Claim([ClaimCategory.ResponseTime], Breaches(true, 5, 0), policy: CasePolicies.Guarded));

        Assert.Equal(CaseStatus.AwaitingConfirmation, run.State.Status);
        Assert.Equal("awaiting_confirmation", CaseKinds.Status(run.State));
        run.Accept(new ApproveClaim(Reviewer));
        Assert.Equal(CaseStatus.Approved, run.State.Status);
        Assert.False(run.State.Claim!.Automatic);
        Assert.Null(run.State.Claim.Refund);
    }

    [Fact]
    public void An_ineligible_response_time_claim_is_rejected_with_the_figures()
    {
        var run = new CaseRun();
        var figures = Breaches(eligible: false, slow: 1, verySlow: 0);

        var rejected = Assert.IsType<ClaimRejected>(run.Accept(Claim([ClaimCategory.ResponseTime], figures))[^1]);

        Assert.True(rejected.Automatic);
        Assert.Same(figures, rejected.Breaches);
        Assert.Contains("PT2M: 1, PT5M: 0", rejected.Reason);
        Assert.Equal(CaseStatus.Rejected, run.State.Status);
    }

    [Fact]
    public void Conduct_categories_wait_in_the_review_queue_with_the_findings()
    {
        var run = new CaseRun();

        run.Accept(Claim([ClaimCategory.Demeaning, ClaimCategory.ResponseTime], Breaches(false, 1, 0), ["m-5", "m-6"]));

        Assert.Equal("in_review", CaseKinds.Status(run.State));
        Assert.Equal(ClaimQueue.Review, run.State.Claim!.Queue);
        Assert.Equal("en.insult.idiot", Assert.Single(run.State.Claim.Findings).Rule);
        Assert.False(run.State.Claim.Breaches!.ClaimEligible);

        var approved = Assert.IsType<ClaimApproved>(Assert.Single(run.Accept(new ApproveClaim(Reviewer, Eur(7.5m), "Insults in m-5."))));

        Assert.Equal([ClaimCategory.Demeaning, ClaimCategory.ResponseTime], approved.Categories);
        Assert.Equal(Eur(7.5m), run.State.Claim.Refund);
        Assert.Equal(Reviewer, approved.By);
    }

    [Fact]
    public void A_reviewer_rejects_with_a_reason()
    {
        var run = new CaseRun();
        run.Accept(Claim([ClaimCategory.Sara], messageIds: ["m-1"]));

        Assert.Equal("reason", run.Refuse(new RejectCase(Reviewer, " ")).Field);
        run.Accept(new RejectCase(Reviewer, "The message quotes a song title."));

        Assert.Equal(CaseStatus.Rejected, run.State.Status);
        Assert.Equal("The message quotes a song title.", run.State.Claim!.Reason);
    }

    [Fact]
    public void Only_a_reviewer_decides_and_the_customer_may_only_withdraw()
    {
        var run = new CaseRun();
        run.Accept(Claim([ClaimCategory.Exploitation], messageIds: ["m-1"]));

        var rejection = run.Refuse(new ApproveClaim(Customer, Eur(100m)));

        Assert.Equal(DisputeTests.ActionNotAllowed(CaseStatus.InReview, [CaseActions.Withdraw]), DisputeTests.Summary(rejection));
        run.Accept(new WithdrawCase(Customer));
        Assert.Equal(CaseStatus.Closed, run.State.Status);
    }

    [Fact]
    public void The_window_includes_its_last_instant()
    {
        var ended = Start.AddDays(-7);
        var run = new CaseRun();

        run.Accept(Claim([ClaimCategory.NotListening], messageIds: ["m-1"], endedAt: ended));

        Assert.Equal(CaseStatus.InReview, run.State.Status);
    }

    [Fact]
    public void A_microsecond_after_the_window_a_claim_is_refused()
    {
        var ended = Start.AddDays(-7) - Microsecond;
        var run = new CaseRun();

        var rejection = run.Refuse(Claim([ClaimCategory.NotListening], messageIds: ["m-1"], endedAt: ended));

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal("claim_window_closed", rejection.Code);
        Assert.Equal(Start - Microsecond, DateTimeOffset.Parse(rejection.Details!["windowClosedAt"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("conversationEndedAt")]
    [InlineData("messageIds")]
    [InlineData("breaches")]
    [InlineData("categories")]
    [InlineData("categories[1]")]
    [InlineData("amountPaid.currency")]
    [InlineData("findings[0].rule")]
    public void Bad_filings_name_the_field(string field)
    {
        var good = Claim([ClaimCategory.Demeaning, ClaimCategory.ResponseTime], Breaches(true, 5, 0), ["m-1"]);
        var bad = field switch
        {
            "conversationEndedAt" => good with { ConversationEndedAt = Start.AddMinutes(1) },
            "messageIds" => good with { MessageIds = [] },
            "breaches" => good with { Breaches = null },
            "categories" => good with { Categories = [] },
            "categories[1]" => good with { Categories = [ClaimCategory.Demeaning, ClaimCategory.Demeaning] },
            "amountPaid.currency" => good with { AmountPaid = new Money(10m, "euro") },
            _ => good with { Findings = [new ScreeningFinding("m-1", "insult", 0, 3, "")] },
        };

        Assert.Equal(field, new CaseRun().Refuse(bad).Field);
    }

    [Fact]
    public void A_response_time_claim_needs_no_message_ids()
    {
        var run = new CaseRun();

        run.Accept(Claim([ClaimCategory.ResponseTime], Breaches(true, 0, 3)));

        Assert.Empty(run.State.Claim!.MessageIds);
    }

    [Theory]
    [InlineData(ClaimCategory.SexualHarassment, ClaimCategoryGroup.Harassment)]
    [InlineData(ClaimCategory.PersonalInformation, ClaimCategoryGroup.Harassment)]
    [InlineData(ClaimCategory.Sara, ClaimCategoryGroup.Discrimination)]
    [InlineData(ClaimCategory.Partiality, ClaimCategoryGroup.Discrimination)]
    [InlineData(ClaimCategory.ConfidentialityBreach, ClaimCategoryGroup.Unprofessional)]
    [InlineData(ClaimCategory.InappropriateLanguage, ClaimCategoryGroup.Unprofessional)]
    public void Categories_belong_to_their_groups(ClaimCategory category, ClaimCategoryGroup group) =>
        Assert.Equal(group, ClaimCategories.GroupOf(category));
}
