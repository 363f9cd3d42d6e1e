using System.Collections.Immutable;

namespace Pledge.Conduct.Screening;

/// <summary>The outcome of screening one message.</summary>
/// <param name="Categories">The distinct categories found, in <see cref="ScreeningCategory"/> order.</param>
/// <param name="Findings">The matched spans, ordered by start, then category.</param>
public sealed record ScreeningResult(ImmutableArray<ScreeningCategory> Categories, ImmutableArray<Finding> Findings)
{
    public static ScreeningResult Clean { get; } = new([], []);

    public bool Has(ScreeningCategory category) => Categories.Contains(category);
}
