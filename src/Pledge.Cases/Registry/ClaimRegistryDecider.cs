using Pledge.Domain.Kernel;

namespace Pledge.Cases.Registry;

/// <summary>
/// The <c>claim-registry</c> decider, one entity per conversation: it enforces "one claim per conversation and
/// category" across claim cases, which are separate entities. See <see cref="CaseFlows"/> for the filing sequence.
/// </summary>
public sealed class ClaimRegistryDecider : IDecider<ClaimRegistryCommand, ClaimRegistryEvent, ClaimRegistryState>
{
    public static ClaimRegistryDecider Instance { get; } = new();

    public ClaimRegistryState Initial => ClaimRegistryState.Initial;

    public Decision<ClaimRegistryEvent> Decide(ClaimRegistryCommand command, ClaimRegistryState state, DateTimeOffset now)
    {
        if (command is null) return Rejection.Invalid("action", "A command is required.");
        if (string.IsNullOrWhiteSpace(command.ClaimId) || command.ClaimId.Length > 200)
            return Rejection.Invalid("claimId", "'claimId' is required (at most 200 characters).");
        var held = state.Reservations.Where(r => r.ClaimId == command.ClaimId).Select(r => r.Category).ToHashSet();
        switch (command)
        {
            case ReserveClaim reserve:
                if (reserve.Categories is null || reserve.Categories.Count == 0 || reserve.Categories.Any(c => !Enum.IsDefined(c)))
                    return Rejection.Invalid("categories", "A reservation names at least one known category.");
                if (held.Count > 0)
                    return held.SetEquals(reserve.Categories)
                        ? Decision<ClaimRegistryEvent>.Accept()
                        : Rejection.Conflict("claim_id_reused", $"Claim '{command.ClaimId}' already holds other categories.");
                foreach (var category in reserve.Categories)
                {
                    if (state.HolderOf(category) is { } holder)
                        return Rejection.Conflict("claim_exists", $"This conversation already has a '{Name(category)}' claim.",
                            new Dictionary<string, string> { ["category"] = Name(category), ["claimId"] = holder });
                }
                return Decision<ClaimRegistryEvent>.Accept(new ClaimReserved(now, reserve.ClaimId, reserve.Categories.Distinct().ToList()));
            case ReleaseClaim release:
                return held.Count == 0 ? Decision<ClaimRegistryEvent>.Accept() : Decision<ClaimRegistryEvent>.Accept(new ClaimReleased(now, release.ClaimId));
            default:
                return Rejection.Invalid("action", "Unknown claim registry command.");
        }
    }

    public ClaimRegistryState Evolve(ClaimRegistryState state, ClaimRegistryEvent @event) => @event switch
    {
        ClaimReserved e => state with { Reservations = [.. state.Reservations, .. e.Categories.Select(c => new ClaimReservation(c, e.ClaimId, e.At))] },
        ClaimReleased e => state with { Reservations = [.. state.Reservations.Where(r => r.ClaimId != e.ClaimId)] },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(ClaimRegistryState state) => [];

    public ClaimRegistryCommand OnDeadline(Deadline deadline) =>
        throw new InvalidOperationException("The claim registry sets no deadlines.");

    private static string Name(ClaimCategory category) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());
}
