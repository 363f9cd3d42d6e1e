namespace Pledge.Cases;

/// <summary>
/// A conversation's breach record as the conversation entity holds it when a claim is filed: the breach
/// count per reply-time tier (keys are ISO-8601 durations, e.g. <c>PT2M</c>) and whether that makes the
/// customer eligible for a money-back claim. The application layer copies it from the conversation.
/// </summary>
public sealed record ConversationBreaches(
    bool ClaimEligible,
    IReadOnlyDictionary<TimeSpan, int> Breaches,
    string? Policy = null,
    int? PolicyVersion = null);
