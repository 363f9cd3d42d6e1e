using System.Collections.Immutable;

namespace Pledge.Domain.Owners;

/// <summary>An owner's response rates as the API and the replay tool show them: per tier, decided, within and their ratio.</summary>
public sealed record OwnerView(
    string Id,
    ImmutableSortedDictionary<TimeSpan, int> Decided,
    ImmutableSortedDictionary<TimeSpan, int> Within,
    ImmutableSortedDictionary<TimeSpan, double?> ResponseRate)
{
    public static OwnerView Of(string id, ResponseRateCounts counts) => new(id, counts.Decided, counts.Within, counts.Rates());

    public static OwnerView Of(string id, OwnerState state) => Of(id, state.Counts());
}
