namespace Pledge.Cases;

/// <summary>A message-screening finding attached to a claim for its reviewer (the conduct screen's shape plus the message).</summary>
/// <param name="Start">Where the matched span starts in the message text.</param>
/// <param name="Rule">The screening rule that matched.</param>
public sealed record ScreeningFinding(string MessageId, string Category, int Start, int Length, string Rule);
