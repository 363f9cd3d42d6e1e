using System.Text.Json;
using Pledge.Domain.Calendars;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationCommand;
using static Pledge.Domain.Conversations.ConversationEvent;

namespace Pledge.Domain.Tests;

/// <summary>Opening, reassigning, message times and bad input: refused with the field named, nothing changed.</summary>
public sealed class ConversationInputTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);
    private readonly ConversationDecider decider = new();

    private static ReceiveMessage Message(string id, DateTimeOffset? at, Party from = Party.Customer) => new(id, from, "buyer", "hello", at);

    [Fact]
    public void Messages_to_a_conversation_never_opened_are_not_found()
    {
        var decision = decider.Decide(Message("m1", T0), decider.Initial, T0);
        Assert.Equal(RejectionKind.NotFound, decision.Rejection!.Kind);
    }

    [Fact]
    public void Opening_again_reassigns_only_when_something_changes()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0, owner: "ana", customer: "bob");
        Assert.Empty(c.Send(new Open(PolicyPresets.TalentChat, "ana", "bob")).Events);
        Assert.Empty(c.Send(new Open(PolicyPresets.TalentChat, null, null)).Events);

        var reassigned = Assert.IsType<Reassigned>(Assert.Single(c.Send(new Open(PolicyPresets.TalentChat, "carla", null)).Events));
        Assert.Equal(("carla", "bob"), (reassigned.Owner, reassigned.Customer));
        Assert.Equal("carla", c.View.Owner);
    }

    [Fact]
    public void A_conversation_keeps_the_policy_version_it_was_opened_with()
    {
        var v1 = PolicyPresets.TalentChat;
        var c = new ConversationHarness(v1, T0);
        var v2 = v1.WithVersion(2) with { Tiers = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)] };

        Assert.Empty(c.Send(new Open(v2, "talent", "buyer")).Events);
        Assert.Equal(1, c.View.PolicyVersion);
        var mismatch = c.Send(new Open(PolicyPresets.SupportEmail, "talent", "buyer")).Rejection!;
        Assert.Equal((RejectionKind.Conflict, "policy_mismatch"), (mismatch.Kind, mismatch.Code));
    }

    [Theory]
    [InlineData("", "buyer", "owner")]
    [InlineData("talent", "  ", "customer")]
    public void Blank_names_are_refused(string owner, string customer, string field)
    {
        var decision = decider.Decide(new Open(PolicyPresets.TalentChat, owner, customer), decider.Initial, T0);
        Assert.Equal(field, decision.Rejection!.Field);
    }

    [Fact]
    public void An_invalid_policy_is_refused_on_policy()
    {
        var bad = PolicyPresets.TalentChat with { Tiers = [] };
        var decision = decider.Decide(new Open(bad, "t", "c"), decider.Initial, T0);
        Assert.Equal("policy", decision.Rejection!.Field);
        Assert.Contains("tiers", decision.Rejection.Message);
    }

    [Fact]
    public void At_may_lie_at_most_five_seconds_after_receipt()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        var early = c.Send(Message("m1", T0.AddSeconds(5).AddTicks(10)));
        Assert.Equal(("at", "at_in_future"), (early.Rejection!.Field, early.Rejection.Code));
        Assert.Empty(c.Events.OfType<MessageReceived>());

        ConversationHarness.Expect(c.Send(Message("m1", T0.AddSeconds(5))));
    }

    [Fact]
    public void At_may_lie_back_at_most_the_policys_backdating_limit()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.AdvanceTo(T0.AddDays(1));
        Assert.Equal("at", c.Send(Message("m1", T0.AddTicks(-10))).Rejection!.Field);
        ConversationHarness.Expect(c.Send(Message("m1", T0)));
    }

    [Fact]
    public void At_defaults_to_the_time_of_receipt_cut_to_microseconds()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.AdvanceTo(T0.AddTicks(12_345_678));
        ConversationHarness.Expect(c.Send(Message("m1", null)));
        Assert.Equal(T0.AddTicks(12_345_670), c.Events.OfType<MessageReceived>().Single().At);
    }

    [Fact]
    public void Messages_dated_before_the_latest_message_or_breach_are_refused()
    {
        // Accepting them would rewrite a wait whose length, or breach, is already on record.
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0.AddSeconds(10));
        var earlier = c.Send(Message("m2", T0.AddSeconds(9)));
        Assert.Equal(("at", "at_out_of_order"), (earlier.Rejection!.Field, earlier.Rejection.Code));
        ConversationHarness.Expect(c.Send(Message("m2", T0.AddSeconds(10))));

        c.AdvanceTo(T0.AddMinutes(4));
        var beforeBreach = c.Send(Message("answer", T0.AddMinutes(2), Party.Agent));
        Assert.Equal("at_out_of_order", beforeBreach.Rejection!.Code);
        Assert.NotNull(c.View.OpenWait);
    }

    [Fact]
    public void A_repeated_message_id_counts_once()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0, "m1");
        c.Agent(T0.AddSeconds(30), "m2");
        Assert.Empty(c.Send(Message("m1", T0.AddSeconds(31))).Events);
        Assert.Null(c.View.OpenWait);
    }

    [Fact]
    public void Messages_without_id_sender_or_author_are_refused()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        Assert.Equal("messageId", c.Send(new ReceiveMessage(" ", Party.Customer, "buyer", "x", T0)).Rejection!.Field);
        Assert.Equal("from", c.Send(new ReceiveMessage("m1", (Party)7, "buyer", "x", T0)).Rejection!.Field);
        Assert.Equal("author", c.Send(new ReceiveMessage("m1", Party.Customer, "", "x", T0)).Rejection!.Field);
        Assert.Empty(c.Events.OfType<MessageReceived>());
    }

    [Fact]
    public void The_state_keeps_no_message_text()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Send(new ReceiveMessage("m1", Party.Customer, "buyer", "my card number is 4111", T0));
        var json = JsonSerializer.Serialize(c.State, ConversationJsonContext.Default.ConversationState);
        Assert.DoesNotContain("4111", json);
        Assert.Contains("4111", JsonSerializer.Serialize(c.Events[^2], ConversationJsonContext.Default.ConversationEvent));
    }

    [Fact]
    public void Consumer_complaints_are_due_after_seven_business_days_in_Sao_Paulo()
    {
        // Fri 2024-02-09 10:00 -03:00; Carnival Mon 12, Tue 13 and Ash Wednesday 14 are Brazilian holidays:
        // working days Thu 15 (1), Fri 16 (2), Mon 19..Fri 23 (3..7) → due Fri 2024-02-23 10:00 -03:00.
        var opened = new DateTimeOffset(2024, 2, 9, 10, 0, 0, TimeSpan.FromHours(-3));
        var c = new ConversationHarness(PolicyPresets.ConsumerComplaint, opened);
        c.Customer(opened);
        var limit = new DateTimeOffset(2024, 2, 23, 10, 0, 0, TimeSpan.FromHours(-3));
        Assert.Equal([new Deadline("wait:1:P7D", limit + TimeSpan.FromMicroseconds(1))], c.Deadlines);

        c.Agent(limit);
        Assert.Equal(0, c.View.Breaches[TimeSpan.FromDays(7)]);
    }

    [Fact]
    public void Business_day_deadlines_keep_the_local_time_across_a_DST_change()
    {
        // Bucharest moves from +02:00 to +03:00 on Sun 2024-03-31: one business day after Fri 29 10:00 is
        // Mon 1 April 10:00 local, 71 hours later rather than 72.
        var policy = PolicyPresets.SupportEmail with
        {
            Name = "ro-complaint",
            Tiers = [TimeSpan.FromDays(1)],
            Calendar = CalendarSpec.Weekdays("Europe/Bucharest", new TimeOnly(9, 0), new TimeOnly(17, 0), "RO"),
        };
        var opened = new DateTimeOffset(2024, 3, 29, 10, 0, 0, TimeSpan.FromHours(2));
        var c = new ConversationHarness(policy, opened);
        c.Customer(opened);
        c.Agent(opened.AddHours(71).AddTicks(10));
        Assert.Equal(1, c.View.Breaches[TimeSpan.FromDays(1)]);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 10, 0, 0, TimeSpan.FromHours(3)).AddTicks(10),
            c.Events.OfType<WaitBreached>().Single().At);
    }
}
