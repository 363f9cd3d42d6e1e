namespace Pledge.Cases.Registry;

/// <summary>Which claim holds which category on one conversation (the entity key is the conversation id).</summary>
public sealed record ClaimRegistryState(IReadOnlyList<ClaimReservation> Reservations)
{
    public static ClaimRegistryState Initial { get; } = new([]);

    public string? HolderOf(ClaimCategory category) => Reservations.FirstOrDefault(r => r.Category == category)?.ClaimId;
}

public sealed record ClaimReservation(ClaimCategory Category, string ClaimId, DateTimeOffset At);
