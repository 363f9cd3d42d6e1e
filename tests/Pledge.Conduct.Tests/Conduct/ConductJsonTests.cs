using System.Text.Json;
using Pledge.Conduct.Conduct;
using Pledge.Conduct.Screening;
using static Pledge.Conduct.Tests.Conduct.ConductTimes;

namespace Pledge.Conduct.Tests.Conduct;

public sealed class ConductJsonTests
{
    private static readonly ConductJsonContext Json = ConductJsonContext.Default;

    public static TheoryData<ConductCommand> Commands() =>
    [
        new RecordFinding("m1", "conv-1", [new Finding(ScreeningCategory.OffPlatform, 3, 14, "detector/phone")], T0.AddTicks(10)),
        new RecordViolation("v1", "claim_upheld", ViolationSource.Claim, "claim-7", "rev-1", "late delivery"),
        new ConfirmViolation("m1:insult", "rev-1"),
        new DismissViolation("m1:insult", "rev-1", "quote"),
        new UpholdAppeal("v1", "rev-2", "wrong seller"),
        new AdoptPolicy(ConductPolicy.OwnerDefault),
        new ConductDeadlineReached("points:v1", T0.AddDays(90)),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Commands_round_trip(ConductCommand command)
    {
        var json = JsonSerializer.Serialize(command, Json.ConductCommand);
        var back = JsonSerializer.Deserialize(json, Json.ConductCommand)!;

        Assert.Equal(command.GetType(), back.GetType());
        Assert.Equal(json, JsonSerializer.Serialize(back, Json.ConductCommand));
        Assert.StartsWith("{\"type\":\"", json);
    }

    [Fact]
    public void A_recorded_history_round_trips_events_state_and_view()
    {
        var decider = new ConductDecider(ConductPolicy.OwnerDefault);
        var h = new ConductHarness(decider);
        h.Send(new RecordFinding("m1", "conv-1", Screener.Default.Screen("WA saya 0812-3456-7890, anjing").Findings), T0);
        h.Send(new RecordViolation("v1", "claim_upheld", ViolationSource.Claim, "claim-7", "rev-1"), T0.AddHours(1));
        h.Send(new RecordViolation("v2", "scam", ViolationSource.Ticket, "t-3", "rev-1"), T0.AddHours(2));
        h.Send(new UpholdAppeal("v1", "rev-2", "claim reversed"), T0.AddHours(3));
        h.AdvanceTo(T0.AddDays(100));

        Assert.Contains(h.Log, e => e is SanctionImposed);
        Assert.Contains(h.Log, e => e is PointsExpired);
        foreach (var e in h.Log)
        {
            var json = JsonSerializer.Serialize(e, Json.ConductEvent);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, Json.ConductEvent), Json.ConductEvent));
        }
        var state = JsonSerializer.Serialize(h.State, Json.ConductState);
        var restored = JsonSerializer.Deserialize(state, Json.ConductState)!;
        Assert.Equal(state, JsonSerializer.Serialize(restored, Json.ConductState));
        Assert.Equal(decider.Deadlines(h.State), decider.Deadlines(restored));
        var view = JsonSerializer.Serialize(ConductView.Of(restored, h.Now), Json.ConductView);
        Assert.Equal(JsonSerializer.Serialize(h.View(h.Now), Json.ConductView), view);
    }

    [Fact]
    public void Policies_use_the_contract_forms()
    {
        var json = JsonSerializer.Serialize(ConductPolicy.OwnerDefault, Json.ConductPolicy);

        Assert.Contains("\"pointLifetime\":\"P90D\"", json);
        Assert.Contains("\"kind\":\"listing_limit\"", json);
        Assert.Contains("\"duration\":\"P7D\"", json);
        Assert.Contains("\"off_platform\":2", json);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, Json.ConductPolicy), Json.ConductPolicy));
    }

    [Fact]
    public void Event_type_names_are_snake_case()
    {
        Assert.Equal("sanction_imposed", ConductKind.Owner.EventType(new SanctionImposed(new Sanction("v:1", 1, SanctionKind.Warning, "v", T0, T0))));
        Assert.Equal("violation_recorded", ConductKind.Owner.EventType(new ViolationRecorded(new Violation("v", "scam", ViolationStatus.Pending, ViolationSource.Screening, "m", null, T0, null, []))));
    }
}
