using System.Collections.Immutable;

namespace Pledge.Conduct.Conduct;

/// <summary>One owner's (or customer's) conduct record: the policy it runs under, its violations and sanctions.</summary>
public sealed record ConductState(ConductPolicy Policy, ImmutableArray<Violation> Violations, ImmutableArray<Sanction> Sanctions)
{
    // A record read back from storage without one of its lists holds an empty one, never a default array.
    public ImmutableArray<Violation> Violations { get; init; } = Violations.IsDefault ? [] : Violations;

    public ImmutableArray<Sanction> Sanctions { get; init; } = Sanctions.IsDefault ? [] : Sanctions;

    public Violation? Find(string violationId) => Violations.FirstOrDefault(v => v.Id == violationId);

    public bool HasPendingReview => Violations.Any(v => v.Status == ViolationStatus.Pending);

    public ConductState With(Violation violation) =>
        this with { Violations = Violations.Select(v => v.Id == violation.Id ? violation : v).ToImmutableArray() };
}
