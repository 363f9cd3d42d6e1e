using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationEvent;

namespace Pledge.Domain.Tests;

/// <summary>Rules 1 and 2 of issue 2 on the talent-chat preset (PT2M slow, PT5M very slow).</summary>
public sealed class ConversationWaitTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan VerySlow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Micro = TimeSpan.FromMicroseconds(1);

    private static ConversationHarness Talent(bool fireDeadlines = true) => new(PolicyPresets.TalentChat, T0, fireDeadlines: fireDeadlines);

    [Fact]
    public void A_customer_message_opens_a_wait_and_the_next_agent_message_closes_it()
    {
        var c = Talent();
        c.Customer(T0);
        Assert.Equal(T0, Assert.Single(c.EventsOf<WaitOpened>()).At);
        Assert.NotNull(c.View.OpenWait);

        c.Agent(T0.AddSeconds(42));

        var wait = Assert.Single(c.View.Waits);
        Assert.Equal((T0, T0.AddSeconds(42), 42.0), (wait.Opened, wait.Closed, wait.Seconds));
        Assert.Null(c.View.OpenWait);
        Assert.Empty(c.Deadlines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Exactly_two_minutes_is_not_slow(bool fireDeadlines)
    {
        var c = Talent(fireDeadlines);
        c.Customer(T0);
        c.Agent(T0 + Slow);

        Assert.Equal(0, c.View.Breaches[Slow]);
        Assert.Empty(c.EventsOf<WaitBreached>());
        Assert.Equal<TimeSpan>([Slow, VerySlow], Assert.Single(c.EventsOf<WaitClosed>()).Within);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_minutes_and_one_microsecond_is_slow(bool fireDeadlines)
    {
        // With deadlines not fired (a host running late), the answer records the breach itself.
        var c = Talent(fireDeadlines);
        c.Customer(T0);
        c.Agent(T0 + Slow + Micro);

        Assert.Equal(1, c.View.Breaches[Slow]);
        Assert.Equal(0, c.View.Breaches[VerySlow]);
        var breach = Assert.Single(c.EventsOf<WaitBreached>());
        Assert.Equal((Slow, T0 + Slow + Micro), (breach.Tier, breach.At));
        Assert.Equal<TimeSpan>([VerySlow], Assert.Single(c.EventsOf<WaitClosed>()).Within);
    }

    [Fact]
    public void A_wait_over_five_minutes_counts_in_both_tallies_once_each()
    {
        var c = Talent();
        c.Customer(T0);
        c.Agent(T0 + VerySlow + Micro);

        Assert.Equal(1, c.View.Breaches[Slow]);
        Assert.Equal(1, c.View.Breaches[VerySlow]);
        Assert.Equal([T0 + Slow + Micro, T0 + VerySlow + Micro], c.EventsOf<WaitBreached>().Select(b => b.At));
    }

    [Fact]
    public void Exactly_five_minutes_is_slow_but_not_very_slow()
    {
        var c = Talent();
        c.Customer(T0);
        c.Agent(T0 + VerySlow);

        Assert.Equal(1, c.View.Breaches[Slow]);
        Assert.Equal(0, c.View.Breaches[VerySlow]);
    }

    [Fact]
    public void A_burst_of_customer_messages_is_one_wait_measured_from_the_first()
    {
        var c = Talent();
        c.Customer(T0);
        c.Customer(T0.AddSeconds(50));
        c.Customer(T0.AddSeconds(100));
        c.Agent(T0.AddSeconds(130));

        var wait = Assert.Single(c.View.Waits);
        Assert.Equal((T0, 130.0), (wait.Opened, wait.Seconds));
        Assert.Single(c.EventsOf<WaitOpened>());
        Assert.Equal(3, Assert.Single(c.State.Waits).Messages.Length);
        Assert.Equal(1, c.View.Breaches[Slow]);
    }

    [Fact]
    public void Agent_messages_without_an_open_wait_change_no_wait()
    {
        var c = Talent();
        c.Agent(T0);
        c.Agent(T0.AddMinutes(10));
        Assert.Empty(c.View.Waits);

        c.Customer(T0.AddMinutes(11));
        c.Agent(T0.AddMinutes(12));
        c.Agent(T0.AddMinutes(30));

        var wait = Assert.Single(c.View.Waits);
        Assert.Equal((T0.AddMinutes(11), 60.0), (wait.Opened, wait.Seconds));
        Assert.All(c.View.Breaches.Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public void An_unanswered_wait_breaches_when_its_deadline_passes()
    {
        var c = Talent();
        c.Customer(T0);
        Assert.Equal(
            [new("wait:1:PT2M", T0 + Slow + Micro), new("wait:1:PT5M", T0 + VerySlow + Micro)],
            c.Deadlines);

        c.AdvanceTo(T0 + Slow);
        Assert.Empty(c.EventsOf<WaitBreached>());

        c.AdvanceTo(T0 + Slow + Micro);
        Assert.Equal(1, c.View.Breaches[Slow]);
        Assert.Equal([new("wait:1:PT5M", T0 + VerySlow + Micro)], c.Deadlines);

        c.AdvanceTo(T0.AddHours(1));
        Assert.Equal(1, c.View.Breaches[VerySlow]);
        Assert.Empty(c.Deadlines);
        var open = c.View.OpenWait!;
        Assert.Equal(T0, open.Opened);
        Assert.All(open.Deadlines, d => Assert.True(d.Breached));
        Assert.Null(Assert.Single(c.View.Waits).Closed);
    }

    [Fact]
    public void A_deadline_no_longer_listed_is_ignored()
    {
        var c = Talent(fireDeadlines: false);
        c.Customer(T0);
        var stale = c.Deadlines[0];
        c.Agent(T0.AddSeconds(10));

        c.AdvanceTo(stale.DueAt);
        Assert.Empty(c.Send(new ConversationDecider().OnDeadline(stale)).Events);

        var d = new ConversationDecider();
        c.Customer(T0.AddMinutes(1));
        var listed = c.Deadlines[0];
        c.AdvanceTo(listed.DueAt);
        Assert.Empty(c.Send(d.OnDeadline(listed with { DueAt = listed.DueAt.AddSeconds(1) })).Events);
        Assert.Single(c.Send(d.OnDeadline(listed)).Events.OfType<WaitBreached>());
        Assert.Empty(c.Send(d.OnDeadline(listed)).Events);
    }

    [Fact]
    public void Customer_messages_after_an_answer_open_a_new_wait()
    {
        var c = Talent();
        c.Customer(T0);
        c.Agent(T0.AddSeconds(30));
        c.Customer(T0.AddSeconds(40));
        c.Agent(T0.AddSeconds(400));

        Assert.Equal([30.0, 360.0], c.View.Waits.Select(w => w.Seconds));
        Assert.Equal([1, 2], c.EventsOf<WaitOpened>().Select(w => w.WaitId));
        Assert.Equal(1, c.View.Breaches[Slow]);
        Assert.Equal(1, c.View.Breaches[VerySlow]);
    }
}
