using System.Collections.Immutable;

namespace Pledge.Conduct.Conduct;

/// <summary>
/// Replays the counted violations of a record under its policy, in the order they were counted: the points
/// each one is worth (more for repeats of a live category), when they expire, and the sanctions the running
/// total imposed when it crossed a tier. A pure function of the record — appeals and policy changes are
/// handled by replaying again and comparing.
/// </summary>
public static class ConductLedger
{
    public sealed record CountedViolation(string Id, string Category, int Points, DateTimeOffset CountedAt, DateTimeOffset ExpiresAt);

    public sealed record Replay(ImmutableArray<CountedViolation> Counted, ImmutableArray<Sanction> Sanctions)
    {
        public int PointsAt(DateTimeOffset now) => Counted.Where(c => c.CountedAt <= now && c.ExpiresAt > now).Sum(c => c.Points);

        public CountedViolation? Find(string violationId) => Counted.FirstOrDefault(c => c.Id == violationId);
    }

    public static Replay Run(ConductPolicy policy, IEnumerable<Violation> violations)
    {
        var counted = ImmutableArray.CreateBuilder<CountedViolation>();
        var sanctions = ImmutableArray.CreateBuilder<Sanction>();
        var ordered = violations
            .Select((v, index) => (v, index))
            .Where(x => x.v.Status is ViolationStatus.Confirmed or ViolationStatus.Expired && x.v.CountedAt is not null)
            .OrderBy(x => x.v.CountedAt).ThenBy(x => x.index)
            .Select(x => x.v);
        foreach (var violation in ordered)
        {
            var at = violation.CountedAt!.Value;
            var basePoints = policy.PointsFor(violation.Category);
            if (basePoints == 0) continue;
            var live = counted.Where(c => c.ExpiresAt > at).ToList();
            var before = live.Sum(c => c.Points);
            var repeats = live.Count(c => c.Category == violation.Category);
            var weighted = (decimal)basePoints;
            for (var r = 0; r < repeats; r++) weighted *= policy.RepeatMultiplier;
            var points = (int)Math.Min(int.MaxValue / 4, Math.Ceiling(weighted));
            counted.Add(new CountedViolation(violation.Id, violation.Category, points, at, at + policy.PointLifetime));
            var after = before + points;
            var crossed = -1;
            for (var t = 0; t < policy.Tiers.Length; t++)
                if (before < policy.Tiers[t].Threshold && policy.Tiers[t].Threshold <= after) crossed = t;
            if (crossed < 0) continue;
            var tier = policy.Tiers[crossed];
            sanctions.Add(new Sanction($"{violation.Id}:{crossed + 1}", crossed + 1, tier.Kind, violation.Id, at, at + tier.Duration));
        }
        return new Replay(counted.ToImmutable(), sanctions.ToImmutable());
    }
}
