using System.Collections.Immutable;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationCommand;
using static Pledge.Domain.Conversations.ConversationEvent;

namespace Pledge.Domain.Tests;

/// <summary>Claim eligibility (5 slow or 3 very slow), excused waits and abusive-message exclusion.</summary>
public sealed class ConversationClaimTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan VerySlow = TimeSpan.FromMinutes(5);

    /// <summary>One wait per hour starting at <paramref name="from"/>, each answered after <paramref name="seconds"/>.</summary>
    private static void Waits(ConversationHarness c, int from, params int[] seconds)
    {
        for (var i = 0; i < seconds.Length; i++)
        {
            var opened = T0.AddHours(from + i);
            c.Customer(opened);
            c.Agent(opened.AddSeconds(seconds[i]));
        }
    }

    [Fact]
    public void Three_very_slow_replies_make_the_customer_eligible_once()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        Waits(c, 0, 301, 301);
        Assert.False(c.View.ClaimEligible);

        Waits(c, 2, 301);
        Assert.True(c.View.ClaimEligible);
        var reached = Assert.Single(c.EventsOf<ClaimEligibilityReached>());
        Assert.Equal(T0.AddHours(2) + VerySlow + TimeSpan.FromMicroseconds(1), reached.At);
        Assert.Equal(3, reached.Breaches[VerySlow]);

        Waits(c, 3, 400);
        Assert.Single(c.EventsOf<ClaimEligibilityReached>());
        Assert.Equal("claim_eligible", ConversationKind.Create().Status(c.State));
    }

    [Fact]
    public void Five_slow_replies_make_the_customer_eligible_and_four_do_not()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        Waits(c, 0, 121, 150, 200, 299);
        Assert.False(c.View.ClaimEligible);
        Assert.Equal(4, c.View.Breaches[Slow]);

        Waits(c, 4, 121);
        Assert.True(c.View.ClaimEligible);
        Assert.Equal(0, c.View.Breaches[VerySlow]);
    }

    [Fact]
    public void Policies_without_thresholds_never_make_a_claim()
    {
        var c = new ConversationHarness(PolicyPresets.SupportEmail, T0);
        for (var day = 0; day < 12; day += 2)
        {
            c.Customer(T0.AddDays(day));
            c.Agent(T0.AddDays(day).AddHours(25));
        }
        Assert.Equal(6, c.View.Breaches[TimeSpan.FromHours(24)]);
        Assert.False(c.View.ClaimEligible);
    }

    [Fact]
    public void An_excused_open_wait_gets_no_deadlines_and_counts_in_no_tally()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0);
        c.AdvanceTo(T0.AddMinutes(3));
        Assert.Equal(1, c.View.Breaches[Slow]);

        ConversationHarness.Expect(c.Send(new ExcuseWait("platform outage")));

        Assert.Empty(c.Deadlines);
        Assert.Equal(0, c.View.Breaches[Slow]);
        c.Agent(T0.AddMinutes(30));
        Assert.Equal(0, c.View.Breaches[VerySlow]);
        Assert.Empty(Assert.Single(c.EventsOf<WaitClosed>()).Within);
        Assert.Equal("platform outage", Assert.Single(c.View.Waits).Excused);
    }

    [Fact]
    public void Excusing_a_past_wait_can_withdraw_eligibility()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        Waits(c, 0, 400, 400, 400);
        Assert.True(c.View.ClaimEligible);

        ConversationHarness.Expect(c.Send(new ExcuseWait("talent was in hospital", WaitId: 2)));

        Assert.False(c.View.ClaimEligible);
        Assert.Equal(2, c.View.Breaches[VerySlow]);
        Assert.Single(c.EventsOf<ClaimEligibilityLost>());
        Assert.Empty(c.Send(new ExcuseWait("again", WaitId: 2)).Events);
    }

    [Fact]
    public void Excuses_are_refused_without_a_reason_or_a_wait()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        Assert.Equal("reason", c.Send(new ExcuseWait(" ")).Rejection!.Field);
        Assert.Equal("no_open_wait", c.Send(new ExcuseWait("why")).Rejection!.Code);
        Assert.Equal(RejectionKind.NotFound, c.Send(new ExcuseWait("why", WaitId: 9)).Rejection!.Kind);
    }

    [Fact]
    public void A_wait_opened_only_by_excluded_messages_is_dropped_from_tallies()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0, "abuse-1");
        c.Customer(T0.AddSeconds(10), "abuse-2");
        c.Agent(T0.AddMinutes(6));
        Waits(c, 1, 400, 400);
        Assert.True(c.View.ClaimEligible);

        ConversationHarness.Expect(c.Send(new ExcludeMessages(["abuse-1", "abuse-2"])));

        var excluded = Assert.Single(c.EventsOf<MessagesExcluded>());
        Assert.Equal<int>([1], excluded.Dropped);
        Assert.Empty(excluded.Replacements);
        Assert.Equal(2, c.View.Breaches[VerySlow]);
        Assert.Equal(2, c.View.Waits.Length);
        Assert.False(c.View.ClaimEligible);
        Assert.Single(c.EventsOf<ClaimEligibilityLost>());
        Assert.Empty(c.Send(new ExcludeMessages(["abuse-1"])).Events);
    }

    [Fact]
    public void A_wait_keeping_other_customer_messages_is_replaced_from_the_first_of_them()
    {
        // abuse at 0 s, a real question at 250 s, the answer at 400 s: without the abuse the wait is 150 s.
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0, "abuse");
        c.Customer(T0.AddSeconds(250), "question");
        c.Agent(T0.AddSeconds(400));
        Assert.Equal(1, c.View.Breaches[VerySlow]);

        ConversationHarness.Expect(c.Send(new ExcludeMessages(["abuse"])));

        var wait = Assert.Single(c.View.Waits);
        Assert.Equal((T0.AddSeconds(250), 150.0), (wait.Opened, wait.Seconds));
        Assert.Equal(1, c.View.Breaches[Slow]);
        Assert.Equal(0, c.View.Breaches[VerySlow]);
        var excluded = Assert.Single(c.EventsOf<MessagesExcluded>());
        Assert.Equal<WaitOutcome>([new WaitOutcome(2, T0.AddSeconds(250), Slow, false), new WaitOutcome(2, T0.AddSeconds(250), VerySlow, true)],
            excluded.Outcomes);
    }

    [Fact]
    public void An_open_wait_replaced_after_exclusion_gets_its_deadlines_from_the_new_opening()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0, "abuse");
        c.Customer(T0.AddSeconds(60), "question");
        c.AdvanceTo(T0.AddSeconds(150));
        Assert.Equal(1, c.View.Breaches[Slow]);

        ConversationHarness.Expect(c.Send(new ExcludeMessages(["abuse"])));

        Assert.Equal(0, c.View.Breaches[Slow]);
        Assert.Equal(T0.AddSeconds(60) + Slow + TimeSpan.FromMicroseconds(1), c.Deadlines[0].DueAt);
        c.AdvanceTo(T0.AddSeconds(200));
        Assert.Equal(1, c.View.Breaches[Slow]);
    }

    [Fact]
    public void Messages_excluded_before_they_arrive_neither_open_nor_join_waits()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        ConversationHarness.Expect(c.Send(new ExcludeMessages(["known-abuse", "later-abuse"])));
        c.Customer(T0, "known-abuse");
        Assert.Null(c.View.OpenWait);
        Assert.Empty(c.Deadlines);

        c.Customer(T0.AddSeconds(30), "question");
        c.Customer(T0.AddSeconds(40), "later-abuse");
        c.Agent(T0.AddSeconds(90));
        var wait = Assert.Single(c.State.Waits);
        Assert.Equal(["question"], wait.Messages.Select(m => m.Id));
        Assert.Equal(60.0, Assert.Single(c.View.Waits).Seconds);
    }

    [Fact]
    public void Exclusion_needs_message_ids()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        Assert.Equal("messageIds", c.Send(new ExcludeMessages([])).Rejection!.Field);
        Assert.Equal("messageIds", c.Send(new ExcludeMessages(ImmutableArray.Create(""))).Rejection!.Field);
    }
}
