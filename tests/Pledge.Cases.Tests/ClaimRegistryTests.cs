using Pledge.Cases.Registry;
using Pledge.Domain.Kernel;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class ClaimRegistryTests
{
    private readonly ClaimRegistryDecider decider = ClaimRegistryDecider.Instance;
    private ClaimRegistryState state = ClaimRegistryState.Initial;

    private Decision<ClaimRegistryEvent> Send(ClaimRegistryCommand command)
    {
        var decision = decider.Decide(command, state, Start);
        state = decision.Events.Aggregate(state, decider.Evolve);
        return decision;
    }

    [Fact]
    public void A_category_is_claimed_once_per_conversation()
    {
        Assert.Single(Send(new ReserveClaim("claim-1", [ClaimCategory.ResponseTime, ClaimCategory.Demeaning])).Events);

        var rejection = Send(new ReserveClaim("claim-2", [ClaimCategory.Sara, ClaimCategory.Demeaning])).Rejection!;

        Assert.Equal(RejectionKind.Conflict, rejection.Kind);
        Assert.Equal("claim_exists", rejection.Code);
        Assert.Equal("demeaning", rejection.Details!["category"]);
        Assert.Equal("claim-1", rejection.Details["claimId"]);
        Assert.Null(state.HolderOf(ClaimCategory.Sara));
    }

    [Fact]
    public void Another_category_on_the_same_conversation_is_free()
    {
        Send(new ReserveClaim("claim-1", [ClaimCategory.ResponseTime]));

        Assert.True(Send(new ReserveClaim("claim-2", [ClaimCategory.Sara])).IsAccepted);
        Assert.Equal("claim-2", state.HolderOf(ClaimCategory.Sara));
    }

    [Fact]
    public void Reserving_again_for_the_same_claim_changes_nothing()
    {
        Send(new ReserveClaim("claim-1", [ClaimCategory.ResponseTime]));

        var again = Send(new ReserveClaim("claim-1", [ClaimCategory.ResponseTime]));

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        Assert.Equal("claim_id_reused", Send(new ReserveClaim("claim-1", [ClaimCategory.Sara])).Rejection!.Code);
    }

    [Fact]
    public void A_released_claim_frees_its_categories()
    {
        Send(new ReserveClaim("claim-1", [ClaimCategory.ResponseTime]));

        Assert.Single(Send(new ReleaseClaim("claim-1")).Events);
        Assert.Empty(Send(new ReleaseClaim("claim-1")).Events);
        Assert.True(Send(new ReserveClaim("claim-2", [ClaimCategory.ResponseTime])).IsAccepted);
    }

    [Fact]
    public void The_filing_check_refuses_what_the_case_would_refuse_before_anything_is_reserved()
    {
        var late = Claim([ClaimCategory.Demeaning], messageIds: ["m-1"], endedAt: Start.AddDays(-8));

        Assert.Equal("claim_window_closed", CaseFlows.CheckFiling(late, Start)!.Code);
        Assert.Null(CaseFlows.CheckFiling(late with { ConversationEndedAt = Start.AddDays(-1) }, Start));
        var (key, reserve) = CaseFlows.Reservation("claim-1", late);
        Assert.Equal("conv-9", key);
        Assert.Equal([ClaimCategory.Demeaning], reserve.Categories);
    }

    [Fact]
    public void Bad_input_names_the_field()
    {
        Assert.Equal("claimId", Send(new ReserveClaim("", [ClaimCategory.Sara])).Rejection!.Field);
        Assert.Equal("categories", Send(new ReserveClaim("claim-1", [])).Rejection!.Field);
    }
}
