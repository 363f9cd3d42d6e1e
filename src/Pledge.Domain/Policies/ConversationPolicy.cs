using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pledge.Domain.Calendars;
using Pledge.Domain.Kernel;

namespace Pledge.Domain.Policies;

/// <summary>
/// The reply-time rules a conversation runs under. Policies are data: a tenant override is a new
/// <see cref="Version"/> of a named policy, and each conversation keeps the record it was opened with.
/// </summary>
/// <param name="Name">A slug such as <c>talent-chat</c>.</param>
/// <param name="Version">1 for a preset; each override of a name gets the next number.</param>
/// <param name="Tiers">
/// Ascending wait lengths; a wait strictly longer than a tier breaches it. Without a <see cref="Calendar"/> a
/// tier is elapsed time. With one, a tier of whole days (<c>P7D</c>) means that many business days — the same
/// local time on the n-th following working day — and any other tier (<c>PT4H</c>) means working time.
/// </param>
/// <param name="ClaimThresholds">Per tier, how many breaching waits make the customer eligible for a claim; reaching any one suffices. Empty: no claims.</param>
/// <param name="Calendar">The business calendar tiers are measured in, or null for elapsed time.</param>
/// <param name="ResponseRateWindow">How far back an owner's response rate looks (by the time a wait opened).</param>
/// <param name="MaxBackdate">How long before its receipt a message's <c>at</c> may lie.</param>
public sealed record ConversationPolicy(
    string Name,
    int Version,
    ImmutableArray<TimeSpan> Tiers,
    ImmutableSortedDictionary<TimeSpan, int> ClaimThresholds,
    CalendarSpec? Calendar,
    TimeSpan ResponseRateWindow,
    TimeSpan MaxBackdate)
{
    /// <summary>Deadlines are stored with microsecond precision (PostgreSQL); so are all times a policy yields.</summary>
    public static readonly TimeSpan Precision = TimeSpan.FromMicroseconds(1);

    public static readonly TimeSpan DefaultResponseRateWindow = TimeSpan.FromDays(30);

    /// <summary>The longest tier, window or backdating limit: longer ones are typos, and would overflow the time arithmetic.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3660);

    private static readonly Regex Slug = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);

    /// <summary>The same rules under another version number (a tenant override is stored this way).</summary>
    public ConversationPolicy WithVersion(int version) => this with { Version = version };

    /// <summary>Why this policy cannot be used, naming the field at fault; null when it can.</summary>
    public Rejection? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100 || !Slug.IsMatch(Name))
            return Rejection.Invalid("name", "A policy name is a lower-case slug like 'talent-chat'.");
        if (Version < 1)
            return Rejection.Invalid("version", "A policy version is 1 or more.");
        if (Tiers.IsDefaultOrEmpty)
            return Rejection.Invalid("tiers", "A policy needs at least one tier, e.g. PT2M.");
        if (Tiers.Any(t => t <= TimeSpan.Zero || t > MaxDuration || t.Ticks % Precision.Ticks != 0))
            return Rejection.Invalid("tiers", "Tiers are positive durations of at most P3660D in whole microseconds.");
        if (Tiers.Zip(Tiers.Skip(1)).Any(p => p.Second <= p.First))
            return Rejection.Invalid("tiers", "Tiers are listed once each, shortest first.");
        if (ClaimThresholds is null)
            return Rejection.Invalid("claimThresholds", "Claim thresholds are required (may be empty).");
        foreach (var tier in ClaimThresholds.Keys.Where(k => !Tiers.Contains(k)))
            return Rejection.Invalid("claimThresholds", $"The claim threshold for {Json.IsoDurationConverter.Format(tier)} names no tier.");
        if (ClaimThresholds.Values.Any(v => v < 1))
            return Rejection.Invalid("claimThresholds", "A claim threshold counts 1 or more breaching waits.");
        if (Calendar is not null && CalendarCatalog.Validate(Calendar) is { } calendarRejection)
            return calendarRejection;
        if (ResponseRateWindow <= TimeSpan.Zero || ResponseRateWindow > MaxDuration || ResponseRateWindow.Ticks % Precision.Ticks != 0)
            return Rejection.Invalid("responseRateWindow", "The response-rate window is a positive duration of at most P3660D in whole microseconds.");
        if (MaxBackdate < TimeSpan.Zero || MaxBackdate > MaxDuration)
            return Rejection.Invalid("maxBackdate", "The backdating limit is between PT0S and P3660D.");
        return null;
    }

    /// <summary>The last instant at which an answer to a wait opened at <paramref name="opened"/> is still within <paramref name="tier"/>.</summary>
    public DateTimeOffset AnswerLimit(TimeSpan tier, DateTimeOffset opened)
    {
        if (Calendar is null)
            return opened + tier;
        var calendar = CalendarCatalog.Shared.Get(Calendar);
        return tier.Ticks % TimeSpan.TicksPerDay == 0
            ? calendar.AddBusinessDays(opened, (int)(tier.Ticks / TimeSpan.TicksPerDay))
            : calendar.AddBusinessTime(opened, tier);
    }

    /// <summary>
    /// The first instant at which a wait opened at <paramref name="opened"/> is strictly longer than
    /// <paramref name="tier"/>: one microsecond after <see cref="AnswerLimit"/>.
    /// </summary>
    public DateTimeOffset BreachAt(TimeSpan tier, DateTimeOffset opened) => AnswerLimit(tier, opened) + Precision;

    /// <summary>The rule's claim threshold for <paramref name="tier"/>, or null when that tier makes no claim.</summary>
    public int? ClaimThreshold(TimeSpan tier) => ClaimThresholds.TryGetValue(tier, out var n) ? n : null;
}
