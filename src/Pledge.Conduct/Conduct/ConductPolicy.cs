using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Domain.Json;
using Pledge.Domain.Kernel;

namespace Pledge.Conduct.Conduct;

/// <summary>
/// How violations turn into points and sanctions. Data: presets below, tenant overrides through the policy
/// API; an entity carries the policy it runs under in its state.
/// </summary>
/// <param name="Name">The policy's name, e.g. <c>seller-default</c>.</param>
/// <param name="Version">Bumped on every change.</param>
/// <param name="Points">Points per violation category (screening categories and reviewer categories such as <c>claim_upheld</c>); a category absent or at 0 is not a violation.</param>
/// <param name="RepeatMultiplier">Each earlier live violation of the same category multiplies the points by this (≥ 1; rounded up).</param>
/// <param name="PointLifetime">How long points count after they were counted.</param>
/// <param name="Tiers">Point thresholds, ascending; crossing one imposes its sanction (the highest crossed, when several are crossed at once).</param>
/// <param name="AutoConfirm">Categories whose screen findings count at once; the others wait for a reviewer.</param>
public sealed record ConductPolicy(
    string Name,
    int Version,
    ImmutableDictionary<string, int> Points,
    decimal RepeatMultiplier,
    [property: JsonConverter(typeof(IsoDurationConverter))] TimeSpan PointLifetime,
    ImmutableArray<SanctionTier> Tiers,
    ImmutableArray<string> AutoConfirm)
{
    /// <summary>Sellers and talents writing to customers.</summary>
    public static ConductPolicy OwnerDefault { get; } = new(
        "owner-default", 1,
        new Dictionary<string, int>
        {
            ["off_platform"] = 2, ["review_incentive"] = 3, ["threat"] = 5, ["cancel_request"] = 2, ["extra_payment"] = 3,
            ["personal_info_request"] = 3, ["profanity"] = 1, ["insult"] = 2, ["sexual_harassment"] = 5, ["discrimination"] = 5,
            ["spam"] = 1, ["scam"] = 5, ["claim_upheld"] = 3, ["ticket_upheld"] = 2,
        }.ToImmutableDictionary(),
        1.5m,
        TimeSpan.FromDays(90),
        [
            new(3, SanctionKind.Warning, TimeSpan.Zero),
            new(6, SanctionKind.ListingLimit, TimeSpan.FromDays(7)),
            new(9, SanctionKind.ChatRestriction, TimeSpan.FromDays(7)),
            new(12, SanctionKind.Suspension, TimeSpan.FromDays(7)),
            new(15, SanctionKind.Suspension, TimeSpan.FromDays(30)),
        ],
        ["off_platform", "profanity", "spam"]);

    /// <summary>Customers writing abusively to support staff; every finding waits for a reviewer.</summary>
    public static ConductPolicy CustomerDefault { get; } = new(
        "customer-default", 1,
        new Dictionary<string, int>
        {
            ["profanity"] = 1, ["insult"] = 2, ["threat"] = 5, ["sexual_harassment"] = 5, ["discrimination"] = 5, ["ticket_upheld"] = 2,
        }.ToImmutableDictionary(),
        1.5m,
        TimeSpan.FromDays(180),
        [
            new(3, SanctionKind.Warning, TimeSpan.Zero),
            new(6, SanctionKind.ChatRestriction, TimeSpan.FromDays(7)),
            new(10, SanctionKind.Suspension, TimeSpan.FromDays(30)),
        ],
        []);

    public int PointsFor(string category) => Points.GetValueOrDefault(category);

    /// <summary>Why this policy cannot be used, or null when it can.</summary>
    public Rejection? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) return Rejection.Invalid("policy.name", "A policy needs a name.");
        if (Version < 1) return Rejection.Invalid("policy.version", "The version must be 1 or more.");
        if (Points is null || Points.Any(p => p.Value < 0 || string.IsNullOrWhiteSpace(p.Key)))
            return Rejection.Invalid("policy.points", "Points must be whole numbers ≥ 0 per named category.");
        if (RepeatMultiplier < 1 || RepeatMultiplier > 10) return Rejection.Invalid("policy.repeatMultiplier", "The repeat multiplier must be between 1 and 10.");
        if (PointLifetime <= TimeSpan.Zero) return Rejection.Invalid("policy.pointLifetime", "Points must live for a positive duration.");
        if (Tiers.IsDefault || Tiers.Any(t => t is null || t.Threshold < 1 || t.Duration < TimeSpan.Zero))
            return Rejection.Invalid("policy.tiers", "Each tier needs a threshold ≥ 1 and a duration ≥ 0.");
        for (var i = 1; i < Tiers.Length; i++)
            if (Tiers[i].Threshold <= Tiers[i - 1].Threshold)
                return Rejection.Invalid("policy.tiers", "Tier thresholds must be strictly ascending.");
        if (AutoConfirm.IsDefault || AutoConfirm.Any(c => PointsFor(c) == 0))
            return Rejection.Invalid("policy.autoConfirm", "Auto-confirmed categories must have points.");
        return null;
    }
}

/// <summary>One escalation step: at <paramref name="Threshold"/> points, impose <paramref name="Kind"/> for <paramref name="Duration"/> (zero: a warning on record).</summary>
public sealed record SanctionTier(
    int Threshold,
    SanctionKind Kind,
    [property: JsonConverter(typeof(IsoDurationConverter))] TimeSpan Duration);

/// <summary>What a sanction does; the bookings, listing and chat services enforce it.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<SanctionKind>))]
public enum SanctionKind
{
    Warning,
    ListingLimit,
    ChatRestriction,
    Suspension,
}
