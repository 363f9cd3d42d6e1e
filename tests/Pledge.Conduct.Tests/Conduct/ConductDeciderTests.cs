using System.Collections.Immutable;
using Pledge.Conduct.Conduct;
using Pledge.Conduct.Screening;
using Pledge.Domain.Kernel;
using static Pledge.Conduct.Tests.Conduct.ConductTimes;

namespace Pledge.Conduct.Tests.Conduct;

public sealed class ConductDeciderTests
{
    /// <summary>Small numbers so the arithmetic in each test is plain to see.</summary>
    private static readonly ConductPolicy Policy = new(
        "test", 1,
        new Dictionary<string, int> { ["minor"] = 1, ["major"] = 3, ["insult"] = 2, ["off_platform"] = 2, ["profanity"] = 1, ["threat"] = 5 }.ToImmutableDictionary(),
        2m,
        TimeSpan.FromDays(30),
        [
            new(3, SanctionKind.Warning, TimeSpan.Zero),
            new(6, SanctionKind.ListingLimit, TimeSpan.FromDays(7)),
            new(9, SanctionKind.ChatRestriction, TimeSpan.FromDays(3)),
            new(12, SanctionKind.Suspension, TimeSpan.FromDays(14)),
        ],
        ["off_platform", "profanity"]);

    private static ConductHarness Harness() => new(new ConductDecider(Policy));

    private static RecordViolation Claim(string id, string category) => new(id, category, ViolationSource.Claim, "claim-" + id, "rev-1");

    private static RecordFinding Finding(string messageId, params ScreeningCategory[] categories) =>
        new(messageId, "conv-1", [.. categories.Select(c => new Finding(c, 0, 4, "test/" + c.Name()))]);

    [Fact]
    public void Sanctions_escalate_at_each_threshold_crossed()
    {
        var h = Harness();

        h.Send(Claim("v1", "major"), T0);
        var warning = Assert.Single(h.State.Sanctions);
        Assert.Equal((SanctionKind.Warning, 1, T0), (warning.Kind, warning.Tier, warning.StartsAt));
        Assert.Empty(h.View(T0).ActiveSanctions); // a warning is on record, not in force

        h.Send(Claim("v2", "minor"), T0.AddHours(1)); // 4 points: no new tier
        Assert.Single(h.State.Sanctions);

        h.Send(Claim("v3", "insult"), T0.AddHours(2)); // 6 points: listing limit for 7 days
        var limit = Assert.Single(h.View(T0.AddHours(2)).ActiveSanctions);
        Assert.Equal((SanctionKind.ListingLimit, T0.AddHours(2), T0.AddHours(2).AddDays(7)), (limit.Kind, limit.StartsAt, limit.EndsAt));

        h.Send(Claim("v4", "threat"), T0.AddHours(3)); // 11 points: crosses 9 only
        Assert.Equal([SanctionKind.ListingLimit, SanctionKind.ChatRestriction], h.View(T0.AddHours(3)).ActiveSanctions.Select(s => s.Kind).Order());
        Assert.Equal(11, h.View(T0.AddHours(3)).Points);
    }

    [Fact]
    public void Several_tiers_crossed_at_once_impose_the_highest()
    {
        var h = Harness();
        h.Send(Claim("v1", "minor"), T0);

        h.Send(Claim("v2", "threat"), T0.AddMinutes(1)); // 1 → 6: crosses 3 and 6

        var sanction = Assert.Single(h.State.Sanctions);
        Assert.Equal((SanctionKind.ListingLimit, 2, "v2:2"), (sanction.Kind, sanction.Tier, sanction.Id));
    }

    [Fact]
    public void Repeats_of_one_category_weigh_more_while_the_earlier_ones_live()
    {
        var h = Harness();

        h.Send(Claim("i1", "insult"), T0);
        h.Send(Claim("i2", "insult"), T0.AddDays(1));
        h.Send(Claim("m1", "minor"), T0.AddDays(2));
        h.Send(Claim("i3", "insult"), T0.AddDays(3));

        var points = h.View(T0.AddDays(3)).Violations.ToDictionary(v => v.Id, v => v.Points);
        Assert.Equal(new Dictionary<string, int> { ["i1"] = 2, ["i2"] = 4, ["m1"] = 1, ["i3"] = 8 }, points);

        // by day 32 i1, i2 and m1 have expired: only i3 still makes a new insult a repeat
        h.Send(Claim("i4", "insult"), T0.AddDays(32));
        var later = h.View(T0.AddDays(32));
        Assert.Equal(4, later.Violations.Single(v => v.Id == "i4").Points);
        Assert.Equal(8 + 4, later.Points);
    }

    [Fact]
    public void Points_expire_exactly_at_the_end_of_their_lifetime()
    {
        var h = Harness();
        h.Send(Claim("v1", "major"), T0);
        var expiry = T0.AddDays(30);

        Assert.Contains(new Deadline("points:v1", expiry), new ConductDecider(Policy).Deadlines(h.State));
        h.AdvanceTo(expiry - Microsecond);
        Assert.Equal(3, h.View(h.Now).Points);
        Assert.Equal(ViolationStatus.Confirmed, h.State.Find("v1")!.Status);

        h.AdvanceTo(expiry);
        Assert.Equal(0, h.View(h.Now).Points);
        Assert.Equal(ViolationStatus.Expired, h.State.Find("v1")!.Status);
        Assert.Equal(new PointsExpired("v1", expiry), h.Log.OfType<PointsExpired>().Single());
        Assert.Single(h.View(h.Now).Violations); // history keeps it
    }

    [Fact]
    public void Sanctions_end_when_their_time_is_up()
    {
        var h = Harness();
        h.Send(Claim("v1", "threat"), T0);
        h.Send(Claim("v2", "minor"), T0.AddMinutes(5)); // 6 points: listing limit until T0+5min+7d
        var ends = T0.AddMinutes(5).AddDays(7);

        h.AdvanceTo(ends - Microsecond);
        Assert.Single(h.View(h.Now).ActiveSanctions);

        h.AdvanceTo(ends);
        Assert.Empty(h.View(h.Now).ActiveSanctions);
        Assert.Contains(new SanctionEnded("v2:2", ends, "elapsed"), h.Log);
        Assert.DoesNotContain(new ConductDecider(Policy).Deadlines(h.State), d => d.Name.StartsWith("sanction:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_upheld_appeal_removes_the_points_and_recomputes_sanctions_from_the_rest()
    {
        var h = Harness();
        h.Send(Claim("i1", "insult"), T0);                  // 2
        h.Send(Claim("i2", "insult"), T0.AddHours(1));      // 4 → 6: listing limit, triggered by i2
        Assert.Equal("i2:2", Assert.Single(h.View(T0.AddHours(1)).ActiveSanctions).Id);

        var appealAt = T0.AddDays(1);
        var decision = h.Send(new UpholdAppeal("i1", "rev-2", "Customer provoked; wording was a quote."), appealAt);

        Assert.True(decision.IsAccepted);
        Assert.Contains(new SanctionEnded("i2:2", appealAt, "recomputed"), decision.Events);
        var view = h.View(appealAt);
        Assert.Equal(2, view.Points); // i2 is now a first insult: 2 points
        Assert.Empty(view.ActiveSanctions);
        Assert.Equal(ViolationStatus.Overturned, view.Violations.Single(v => v.Id == "i1").Status);
        Assert.Equal(0, view.Violations.Single(v => v.Id == "i1").Points);
    }

    [Fact]
    public void An_appeal_can_move_a_threshold_crossing_to_a_later_violation()
    {
        var h = Harness();
        h.Send(Claim("a", "major"), T0);                   // 3: warning
        h.Send(Claim("b", "major"), T0.AddHours(1));       // 3 + 6 = 9: crosses 6 and 9 → chat restriction (b:3)
        h.Send(Claim("c", "minor"), T0.AddHours(2));       // 10

        var appealAt = T0.AddHours(3);
        h.Send(new UpholdAppeal("a", "rev", "Wrong seller."), appealAt);

        // without a: b = 3 (warning), c = 1 → 4: nothing in force any more
        Assert.Empty(h.View(appealAt).ActiveSanctions);
        Assert.Equal(4, h.View(appealAt).Points);
        Assert.Contains(h.Log, e => e is SanctionEnded { SanctionId: "b:3", Reason: "recomputed" });
    }

    [Fact]
    public void Findings_auto_confirm_or_wait_for_a_reviewer_per_policy()
    {
        var h = Harness();

        var decision = h.Send(Finding("m1", ScreeningCategory.OffPlatform, ScreeningCategory.Insult, ScreeningCategory.Spam), T0);

        Assert.Equal(2, decision.Events.Count); // spam has no points under this policy
        Assert.Equal(ViolationStatus.Confirmed, h.State.Find("m1:off_platform")!.Status);
        Assert.Equal(ViolationStatus.Pending, h.State.Find("m1:insult")!.Status);
        Assert.Equal((2, 1), (h.View(T0).Points, h.View(T0).PendingReview));
        Assert.True(h.State.HasPendingReview);

        h.Send(new ConfirmViolation("m1:insult", "rev-1"), T0.AddHours(4));
        Assert.Equal(4, h.View(T0.AddHours(4)).Points);
        Assert.Equal(T0.AddHours(4), h.State.Find("m1:insult")!.CountedAt); // points count from confirmation
        Assert.False(h.State.HasPendingReview);
    }

    [Fact]
    public void A_dismissed_finding_never_counts()
    {
        var h = Harness();
        h.Send(Finding("m1", ScreeningCategory.Threat), T0);

        h.Send(new DismissViolation("m1:threat", "rev-1", "Joke between regulars."), T0.AddHours(1));

        Assert.Equal(0, h.View(T0.AddHours(1)).Points);
        var refused = h.Send(new ConfirmViolation("m1:threat", "rev-2"), T0.AddHours(2));
        Assert.Equal(RejectionKind.NotAllowed, refused.Rejection!.Kind);
        Assert.Equal("dismissed", refused.Rejection.Details!["state"]);
    }

    [Fact]
    public void A_message_is_recorded_once()
    {
        var h = Harness();
        h.Send(Finding("m1", ScreeningCategory.Profanity), T0);

        var again = h.Send(Finding("m1", ScreeningCategory.Profanity, ScreeningCategory.Threat), T0.AddMinutes(1));

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        Assert.Single(h.State.Violations);
    }

    [Fact]
    public void A_reviewer_violation_is_idempotent_by_id_and_refuses_other_facts_under_that_id()
    {
        var h = Harness();
        h.Send(Claim("v1", "major"), T0);

        Assert.Empty(h.Send(Claim("v1", "major"), T0.AddMinutes(1)).Events);
        var conflict = h.Send(Claim("v1", "minor"), T0.AddMinutes(2));
        Assert.Equal((RejectionKind.Conflict, "violation_exists"), (conflict.Rejection!.Kind, conflict.Rejection.Code));
    }

    [Theory]
    [InlineData("", "major", "rev", "violationId")]
    [InlineData("v1", "unknown", "rev", "category")]
    [InlineData("v1", "major", " ", "reviewer")]
    public void Bad_reviewer_input_names_the_field_and_changes_nothing(string id, string category, string reviewer, string field)
    {
        var h = Harness();

        var decision = h.Send(new RecordViolation(id, category, ViolationSource.Ticket, "t-1", reviewer), T0);

        Assert.Equal((RejectionKind.Invalid, field), (decision.Rejection!.Kind, decision.Rejection.Field));
        Assert.Empty(h.State.Violations);
    }

    [Fact]
    public void Unknown_violations_are_not_found()
    {
        var decision = Harness().Send(new UpholdAppeal("nope", "rev", "reason"), T0);

        Assert.Equal(RejectionKind.NotFound, decision.Rejection!.Kind);
    }

    [Fact]
    public void A_new_policy_recomputes_points_and_sanctions()
    {
        var h = Harness();
        h.Send(Claim("v1", "major"), T0);
        h.Send(Claim("v2", "minor"), T0.AddHours(1)); // 4 points: warning only
        var stricter = Policy with { Version = 2, Points = Policy.Points.SetItem("minor", 3) };

        h.Send(new AdoptPolicy(stricter), T0.AddHours(2));

        Assert.Equal(6, h.View(T0.AddHours(2)).Points);
        var limit = Assert.Single(h.View(T0.AddHours(2)).ActiveSanctions);
        Assert.Equal((SanctionKind.ListingLimit, T0.AddHours(1)), (limit.Kind, limit.StartsAt));
        Assert.Equal(2, h.View(T0.AddHours(2)).PolicyVersion);
    }

    [Fact]
    public void A_malformed_policy_is_refused_with_its_field()
    {
        var bad = Policy with { Tiers = [new(6, SanctionKind.Warning, TimeSpan.Zero), new(3, SanctionKind.Suspension, TimeSpan.FromDays(1))] };

        var decision = Harness().Send(new AdoptPolicy(bad), T0);

        Assert.Equal("policy.tiers", decision.Rejection!.Field);
    }

    [Fact]
    public void The_default_policies_are_valid()
    {
        Assert.Null(ConductPolicy.OwnerDefault.Validate());
        Assert.Null(ConductPolicy.CustomerDefault.Validate());
    }

    [Fact]
    public void Customers_abusive_messages_wait_for_a_reviewer_and_can_escalate()
    {
        var kind = ConductKind.Customer;
        var h = new ConductHarness((ConductDecider)kind.Decider);
        var findings = Screener.Default.Screen("dasar goblok, admin bangsat! awas kau, kubunuh").Findings;

        h.Send(new RecordFinding("c-msg-1", "conv-9", findings), T0);

        Assert.Equal(ConductKind.PendingReviewStatus, kind.Status(h.State));
        Assert.Equal(0, h.View(T0).Points);
        foreach (var pending in h.State.Violations.Where(v => v.Status == ViolationStatus.Pending).ToList())
            h.Send(new ConfirmViolation(pending.Id, "support-lead"), T0.AddHours(1));
        Assert.True(h.View(T0.AddHours(1)).Points >= 6);
        Assert.Contains(h.View(T0.AddHours(1)).ActiveSanctions, s => s.Kind is SanctionKind.ChatRestriction or SanctionKind.Suspension);
        Assert.Null(kind.Status(h.State));
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond()
    {
        var h = Harness();
        var ragged = T0.AddTicks(7);

        h.Send(Claim("v1", "major"), ragged);

        Assert.Equal(T0, h.State.Find("v1")!.CountedAt);
        Assert.All(new ConductDecider(Policy).Deadlines(h.State), d => Assert.Equal(0, d.DueAt.Ticks % 10));
    }
}
