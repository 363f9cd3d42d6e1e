using System.Collections.Immutable;

namespace Pledge.Cli;

/// <summary>One replayed conversation as the report shows it. Times are UTC (written with a <c>Z</c>, like the input).</summary>
public sealed record ReplayConversation(
    string Id,
    string? Owner,
    ImmutableArray<ReplayWait> Waits,
    ImmutableSortedDictionary<TimeSpan, int> Breaches,
    bool ClaimEligible);

/// <summary>A wait; <see cref="Seconds"/> is null while it is still open at the end of the replay.</summary>
public sealed record ReplayWait(DateTime Opened, DateTime? Closed, double? Seconds);
