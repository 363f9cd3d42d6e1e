using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pledge.Domain.Conversations;
using Pledge.Domain.Owners;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationCommand;
using static Pledge.Domain.Conversations.ConversationEvent;

namespace Pledge.Domain.Tests;

/// <summary>Commands, events and state are stored as JSON; each must come back exactly.</summary>
public sealed class JsonRoundTripTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 10, 0, 0, 123, 456, TimeSpan.FromHours(2));
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2);

    private static void RoundTrips<T>(T value, JsonTypeInfo<T> info)
    {
        var json = JsonSerializer.Serialize(value, info);
        var back = JsonSerializer.Deserialize(json, info)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, info));
        Assert.Equal(value!.GetType(), back.GetType());
    }

    public static TheoryData<ConversationCommand> Commands => new()
    {
        new Open(PolicyPresets.ConsumerComplaint, "team-a", "cust-1"),
        new Open(PolicyPresets.TalentChat, null, null),
        new ReceiveMessage("m1", Party.Agent, "ana", "hi", T0),
        new ReceiveMessage("m2", Party.Customer, "bob", null, null),
        new ReceiveMessage("m3", Party.Agent, "ana", "call 0812 3456 7890", T0, [new MessageFinding("off_platform", 5, 14, "detector/phone")]),
        new ExcuseWait("outage", 3),
        new ExcludeMessages(["m1", "m2"]),
        new DeadlineReached("wait:1:PT2M", T0),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Commands_round_trip(ConversationCommand command) => RoundTrips(command, ConversationJsonContext.Default.ConversationCommand);

    public static TheoryData<ConversationEvent> Events => new()
    {
        new Opened(PolicyPresets.TalentChat, "ana", "bob"),
        new Reassigned("carla", null),
        new MessageReceived("m1", Party.Customer, "bob", "hello", T0),
        new MessageReceived("m3", Party.Agent, "ana", "call 0812 3456 7890", T0, [new MessageFinding("off_platform", 5, 14, "detector/phone")]),
        new WaitOpened(1, "m1", T0),
        new WaitBreached(1, Slow, T0.AddMinutes(2), T0, "ana", TimeSpan.FromDays(30)),
        new WaitClosed(1, T0, T0.AddMinutes(3), [TimeSpan.FromMinutes(5)], "ana", TimeSpan.FromDays(30)),
        new WaitExcused(1, "outage", T0, null, TimeSpan.FromDays(30)),
        new MessagesExcluded(["m1"], T0, [1], [new Wait(2, T0, T0.AddMinutes(1), [new WaitMessage("m2", T0)], [Slow], null, false)],
            [new WaitOutcome(2, T0, Slow, true)], "ana", TimeSpan.FromDays(30)),
        new ClaimEligibilityReached(T0, ImmutableSortedDictionary<TimeSpan, int>.Empty.Add(Slow, 5)),
        new ClaimEligibilityLost(T0, ImmutableSortedDictionary<TimeSpan, int>.Empty.Add(Slow, 4)),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Events_round_trip(ConversationEvent @event) => RoundTrips(@event, ConversationJsonContext.Default.ConversationEvent);

    [Fact]
    public void Event_type_names_are_the_snake_case_discriminators()
    {
        var kind = ConversationKind.Create();
        Assert.Equal("wait_breached", kind.EventType(new WaitBreached(1, Slow, T0, T0, null, TimeSpan.FromDays(1))));
        var json = JsonSerializer.Serialize<ConversationEvent>(new WaitOpened(1, "m1", T0), ConversationJsonContext.Default.ConversationEvent);
        Assert.StartsWith("{\"type\":\"wait_opened\"", json);
    }

    [Fact]
    public void A_lived_in_state_round_trips_and_keeps_deciding_the_same()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, T0);
        c.Customer(T0);
        c.Customer(T0.AddSeconds(20));
        c.Agent(T0.AddMinutes(6));
        c.Customer(T0.AddMinutes(7));
        c.Send(new ExcludeMessages(["m4"]));
        c.Customer(T0.AddMinutes(8));
        c.AdvanceTo(T0.AddMinutes(11));
        c.Send(new ExcuseWait("outage"));

        var info = ConversationJsonContext.Default.ConversationState;
        var json = JsonSerializer.Serialize(c.State, info);
        var back = JsonSerializer.Deserialize(json, info)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, info));

        var decider = new ConversationDecider();
        Assert.Equal(decider.Deadlines(c.State), decider.Deadlines(back));
        var answer = new ReceiveMessage("m9", Party.Agent, "ana", "sorry", T0.AddMinutes(12));
        Assert.Equal(
            JsonSerializer.Serialize(decider.Decide(answer, c.State, T0.AddMinutes(12)).Events.ToArray()),
            JsonSerializer.Serialize(decider.Decide(answer, back, T0.AddMinutes(12)).Events.ToArray()));
    }

    [Fact]
    public void The_view_has_the_REST_shape()
    {
        var c = new ConversationHarness(PolicyPresets.TalentChat, new DateTimeOffset(2024, 5, 6, 10, 0, 0, TimeSpan.Zero), owner: "ana", customer: "bob");
        c.Customer(c.Now);
        c.Agent(c.Now.AddSeconds(12));
        c.Customer(c.Now.AddSeconds(30));
        c.Advance(TimeSpan.FromMinutes(3));
        var json = JsonSerializer.Serialize(c.View, ConversationJsonContext.Default.ConversationView);
        Assert.Equal(
            "{\"id\":\"c1\",\"policy\":\"talent-chat\",\"policyVersion\":1,\"owner\":\"ana\",\"customer\":\"bob\"," +
            "\"waits\":[{\"opened\":\"2024-05-06T10:00:00+00:00\",\"closed\":\"2024-05-06T10:00:12+00:00\",\"seconds\":12}," +
            "{\"opened\":\"2024-05-06T10:00:42+00:00\",\"closed\":null,\"seconds\":null}]," +
            "\"breaches\":{\"PT2M\":1,\"PT5M\":0},\"claimEligible\":false," +
            "\"openWait\":{\"opened\":\"2024-05-06T10:00:42+00:00\",\"deadlines\":[" +
            "{\"tier\":\"PT2M\",\"at\":\"2024-05-06T10:02:42.000001+00:00\",\"breached\":true}," +
            "{\"tier\":\"PT5M\",\"at\":\"2024-05-06T10:05:42.000001+00:00\",\"breached\":false}]}}",
            json);
    }

    public static TheoryData<OwnerCommand> OwnerCommands => new()
    {
        new OwnerCommand.RecordWaitOutcome("c1#1", T0, TimeSpan.FromDays(30), Slow, true),
        new OwnerCommand.WithdrawWait("c1#1", TimeSpan.FromDays(30)),
        new OwnerCommand.ExpireWaits(T0),
    };

    [Theory]
    [MemberData(nameof(OwnerCommands))]
    public void Owner_commands_round_trip(OwnerCommand command) => RoundTrips(command, OwnerJsonContext.Default.OwnerCommand);

    public static TheoryData<OwnerEvent> OwnerEvents => new()
    {
        new OwnerEvent.WaitOutcomeRecorded("c1#1", T0, T0.AddDays(30), Slow, false),
        new OwnerEvent.WaitWithdrawn("c1#1", T0.AddDays(30)),
        new OwnerEvent.WaitsExpired(T0),
    };

    [Theory]
    [MemberData(nameof(OwnerEvents))]
    public void Owner_events_round_trip(OwnerEvent @event) => RoundTrips(@event, OwnerJsonContext.Default.OwnerEvent);

    [Fact]
    public void Owner_state_round_trips()
    {
        var decider = new OwnerDecider();
        var state = new OwnerEvent[]
        {
            new OwnerEvent.WaitOutcomeRecorded("c1#1", T0, T0.AddDays(30), Slow, false),
            new OwnerEvent.WaitOutcomeRecorded("c1#1", T0, T0.AddDays(30), TimeSpan.FromMinutes(5), true),
            new OwnerEvent.WaitWithdrawn("c2#4", T0.AddDays(31)),
        }.Aggregate(decider.Initial, decider.Evolve);
        RoundTrips(state, OwnerJsonContext.Default.OwnerState);
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(state, OwnerJsonContext.Default.OwnerState), OwnerJsonContext.Default.OwnerState)!;
        Assert.Equal(decider.Deadlines(state), decider.Deadlines(back));
        Assert.Equal(state.Counts().Decided, back.Counts().Decided);
        Assert.Equal(state.Counts().Within, back.Counts().Within);
    }
}
