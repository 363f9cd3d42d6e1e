namespace Pledge.Cases;

/// <summary>One round of a dispute: the solution a side put forward. Round 1 is the buyer's wanted solution.</summary>
public sealed record Proposal(
    int Round,
    Party Side,
    Solution Solution,
    string Explanation,
    IReadOnlyList<Evidence> Evidence,
    DateTimeOffset At);
