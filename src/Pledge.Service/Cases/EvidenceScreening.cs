using Pledge.Cases;
using Pledge.Conduct.Screening;

namespace Pledge.Service.Casework;

/// <summary>Screens the evidence messages of a conduct claim, so that its reviewer sees what the screen found where.</summary>
public static class EvidenceScreening
{
    /// <summary>The most findings a claim carries (the case decider's limit).</summary>
    public const int MaxFindings = 1_000;

    public static IReadOnlyList<ScreeningFinding> Screen(IScreener screener, IEnumerable<(string MessageId, string? Text)> messages) =>
        messages
            .Where(m => !string.IsNullOrEmpty(m.Text))
            .SelectMany(m => screener.Screen(m.Text!).Findings
                .Select(f => new ScreeningFinding(m.MessageId, f.Category.Name(), f.Start, f.Length, f.Rule)))
            .Take(MaxFindings)
            .ToArray();
}
