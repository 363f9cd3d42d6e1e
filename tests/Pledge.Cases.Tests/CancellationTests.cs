using Pledge.Domain.Kernel;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class CancellationTests
{
    [Fact]
    public void A_cancellation_takes_effect_at_the_request_and_records_the_debt_beside_it()
    {
        var run = new CaseRun();

        var events = run.Accept(new RequestCancellation(Customer, Customer.Id, "sub-77", ContactChannel.App, OutstandingDebt: Eur(49.90m)));

        Assert.Collection(events,
            e => Assert.IsType<CancellationRequested>(e),
            e => Assert.Equal(Start, Assert.IsType<CancellationEffective>(e).EffectiveAt),
            e => Assert.Equal(Eur(49.90m), Assert.IsType<DebtRecorded>(e).Amount));
        Assert.Equal("completed", CaseKinds.Status(run.State));
        Assert.Equal(Start, run.State.Cancellation!.EffectiveAt);
        Assert.Equal(Eur(49.90m), run.State.Cancellation.Debt);
        Assert.Empty(run.Deadlines);
        Assert.Empty(CaseDecider.AllowedActions(run.State));
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public void Every_channel_may_file_it(ContactChannel channel)
    {
        var run = new CaseRun();

        run.Accept(new RequestCancellation(Platform, Customer.Id, "sub-77", channel));

        Assert.Equal(CaseStatus.Completed, run.State.Status);
        Assert.Equal(channel, run.State.Cancellation!.Channel);
    }

    public static TheoryData<ContactChannel> Channels() => [.. Enum.GetValues<ContactChannel>()];

    [Fact]
    public void A_request_logged_later_is_effective_when_it_was_made()
    {
        var run = new CaseRun();
        var phoned = Start.AddHours(-3);

        run.Accept(new RequestCancellation(Platform, Customer.Id, "sub-77", ContactChannel.Phone, phoned));

        Assert.Equal(phoned, run.State.Cancellation!.EffectiveAt);
        Assert.Equal(phoned, Assert.IsType<CancellationEffective>(run.Events[1]).EffectiveAt);
    }

    [Fact]
    public void A_request_from_the_future_is_refused()
    {
        var rejection = new CaseRun().Refuse(new RequestCancellation(Platform, Customer.Id, "sub-77", ContactChannel.Phone, Start.AddMinutes(1)));

        Assert.Equal("requestedAt", rejection.Field);
    }

    [Fact]
    public void A_customer_cancels_only_their_own_subscription()
    {
        Assert.Equal(RejectionKind.Restricted, new CaseRun().Refuse(new RequestCancellation(Customer, "customer-2", "sub-77", ContactChannel.Web)).Kind);
    }
}
