using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using Pledge.Domain.Policies;
using static Pledge.Domain.Owners.OwnerCommand;
using static Pledge.Domain.Owners.OwnerEvent;

namespace Pledge.Domain.Tests;

/// <summary>The owner entity: rolling-window response rates fed by conversation reactions.</summary>
public sealed class OwnerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2), VerySlow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private readonly OwnerDecider decider = new();

    private OwnerState Run(OwnerState state, DateTimeOffset now, params OwnerCommand[] commands)
    {
        foreach (var command in commands)
        {
            var decision = decider.Decide(command, state, now);
            Assert.True(decision.IsAccepted);
            state = decision.Events.Aggregate(state, decider.Evolve);
        }
        return state;
    }

    [Fact]
    public void Outcomes_count_once_per_wait_and_tier()
    {
        var record = new RecordWaitOutcome("c1#1", T0, Month, Slow, Within: false);
        var state = Run(decider.Initial, T0, record, record, record with { Within = true });
        Assert.Empty(decider.Decide(record, state, T0).Events);
        var view = OwnerView.Of("ana", state);
        Assert.Equal((1, 0), (view.Decided[Slow], view.Within[Slow]));
        Assert.Equal(0.0, view.ResponseRate[Slow]);
    }

    [Fact]
    public void A_withdrawn_wait_stays_out_even_if_outcomes_arrive_later()
    {
        var state = Run(decider.Initial, T0,
            new RecordWaitOutcome("c1#1", T0, Month, Slow, false),
            new WithdrawWait("c1#1", Month),
            new RecordWaitOutcome("c1#1", T0, Month, VerySlow, false),
            new WithdrawWait("c1#2", Month),
            new RecordWaitOutcome("c1#2", T0, Month, Slow, true));
        Assert.Empty(OwnerView.Of("ana", state).Decided);
        Assert.Equal(2, state.Waits.Count);
    }

    [Fact]
    public void Waits_leave_the_window_at_a_deadline_without_anyone_reading()
    {
        var state = Run(decider.Initial, T0,
            new RecordWaitOutcome("c1#1", T0, Month, Slow, true),
            new RecordWaitOutcome("c2#1", T0.AddDays(10), Month, Slow, false));
        Assert.Equal(0.5, OwnerView.Of("ana", state).ResponseRate[Slow]);

        var first = Assert.Single(decider.Deadlines(state));
        Assert.Equal(new Deadline(OwnerDecider.ExpiryDeadline, T0 + Month), first);
        state = Run(state, first.DueAt, decider.OnDeadline(first));
        Assert.Equal(0.0, OwnerView.Of("ana", state).ResponseRate[Slow]);

        var second = Assert.Single(decider.Deadlines(state));
        Assert.Equal(T0.AddDays(40), second.DueAt);
        state = Run(state, second.DueAt, decider.OnDeadline(second));
        Assert.Empty(state.Waits);
        Assert.Empty(decider.Deadlines(state));
    }

    [Fact]
    public void Outcomes_of_waits_already_outside_the_window_are_ignored()
    {
        var late = new RecordWaitOutcome("c1#1", T0, Month, Slow, true);
        Assert.Empty(decider.Decide(late, decider.Initial, T0 + Month).Events);
        Assert.Single(decider.Decide(late, decider.Initial, T0 + Month - TimeSpan.FromMicroseconds(1)).Events);
    }

    [Fact]
    public void Bad_owner_commands_name_the_field()
    {
        Assert.Equal("waitKey", decider.Decide(new RecordWaitOutcome("", T0, Month, Slow, true), decider.Initial, T0).Rejection!.Field);
        Assert.Equal("window", decider.Decide(new WithdrawWait("c#1", TimeSpan.Zero), decider.Initial, T0).Rejection!.Field);
    }

    [Fact]
    public void Conversation_reactions_keep_the_owner_in_step_with_rule_four()
    {
        // Drive one conversation, deliver every reaction twice (at-least-once), and compare the owner's view
        // with the pure computation over the conversation's waits at the same moment.
        var kind = ConversationKind.Create();
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0, owner: "ana");
        c.Customer(T0);
        c.Agent(T0.AddSeconds(90));
        c.Customer(T0.AddMinutes(10));
        c.Agent(T0.AddMinutes(14));
        c.Customer(T0.AddMinutes(20));
        c.Agent(T0.AddMinutes(30));
        c.Customer(T0.AddMinutes(40), "abusive");
        c.Agent(T0.AddMinutes(50));
        c.Send(new ConversationCommand.ExcludeMessages(["abusive"]));
        c.Customer(T0.AddMinutes(60));
        c.AdvanceTo(T0.AddMinutes(63));

        var reactions = c.Events.SelectMany(e => kind.React("c1", e, c.Now)).ToList();
        Assert.All(reactions, r => Assert.Equal(("owner", "ana"), (r.Kind, r.Key)));
        var owner = Run(decider.Initial, c.Now, [.. reactions.Concat(reactions).Select(r => (OwnerCommand)r.Command)]);

        var expected = ResponseRates.Of(PolicyPresets.TalentChat, c.State.Waits, c.Now);
        var view = OwnerView.Of("ana", owner);
        Assert.Equal(expected.Decided, view.Decided);
        Assert.Equal(expected.Within, view.Within);
        // Hand count: waits of 90 s, 240 s, 600 s, the excluded one, and one open 180 s →
        // PT2M decided 4 (within 1), PT5M decided 3 (within 2).
        Assert.Equal((4, 1, 3, 2), (view.Decided[Slow], view.Within[Slow], view.Decided[VerySlow], view.Within[VerySlow]));
    }

    [Fact]
    public void Excused_waits_are_withdrawn_from_the_owner()
    {
        var kind = ConversationKind.Create();
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0, owner: "ana");
        c.Customer(T0);
        c.AdvanceTo(T0.AddMinutes(3));
        c.Send(new ConversationCommand.ExcuseWait("outage"));
        var reactions = c.Events.SelectMany(e => kind.React("c1", e, c.Now)).Select(r => (OwnerCommand)r.Command).ToArray();
        Assert.IsType<WithdrawWait>(reactions[^1]);
        Assert.Equal("c1#1", ((WithdrawWait)reactions[^1]).WaitKey);
        Assert.Empty(OwnerView.Of("ana", Run(decider.Initial, c.Now, reactions)).Decided);
    }

    [Fact]
    public void Conversations_without_an_owner_send_nothing()
    {
        var kind = ConversationKind.Create();
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0, owner: null);
        c.Customer(T0);
        c.AdvanceTo(T0.AddMinutes(10));
        Assert.Empty(c.Events.SelectMany(e => kind.React("c1", e, c.Now)));
    }
}
