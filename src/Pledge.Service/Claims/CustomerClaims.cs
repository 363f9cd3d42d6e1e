using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Cases;
using Pledge.Domain.Kernel;

namespace Pledge.Service.Claims;

// The claims a customer holds, for the customer's view. Cases are keyed by case id, so this small index, fed by
// case reactions, is what answers "which claims does this customer have" without scanning cases.

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TrackClaim), "track_claim")]
public abstract record CustomerClaimsCommand;

/// <summary>A claim case reached <paramref name="Status"/> at <paramref name="At"/>; repeated or late deliveries change nothing.</summary>
public sealed record TrackClaim(string CaseId, string Status, DateTimeOffset At) : CustomerClaimsCommand;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ClaimTracked), "claim_tracked")]
public abstract record CustomerClaimsEvent;

public sealed record ClaimTracked(string CaseId, string Status, DateTimeOffset At) : CustomerClaimsEvent;

public sealed record TrackedClaim(string CaseId, string Status, DateTimeOffset FiledAt, DateTimeOffset UpdatedAt);

public sealed record CustomerClaimsState(ImmutableSortedDictionary<string, TrackedClaim> Claims)
{
    public static readonly CustomerClaimsState None = new(ImmutableSortedDictionary<string, TrackedClaim>.Empty);
}

public sealed class CustomerClaimsDecider : IDecider<CustomerClaimsCommand, CustomerClaimsEvent, CustomerClaimsState>
{
    public static readonly CustomerClaimsDecider Instance = new();

    public CustomerClaimsState Initial => CustomerClaimsState.None;

    public Decision<CustomerClaimsEvent> Decide(CustomerClaimsCommand command, CustomerClaimsState state, DateTimeOffset now) => command switch
    {
        // Reactions may arrive out of order: the later fact wins; at equal times a decision outranks the filing.
        TrackClaim t when state.Claims.TryGetValue(t.CaseId, out var known)
                          && (known.UpdatedAt > t.At || (known.UpdatedAt == t.At && (known.Status != "filed" || t.Status == "filed"))) =>
            Decision<CustomerClaimsEvent>.Accept(),
        TrackClaim t => Decision<CustomerClaimsEvent>.Accept(new ClaimTracked(t.CaseId, t.Status, t.At)),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public CustomerClaimsState Evolve(CustomerClaimsState state, CustomerClaimsEvent @event) => @event switch
    {
        ClaimTracked e => state with
        {
            Claims = state.Claims.SetItem(e.CaseId, new TrackedClaim(e.CaseId, e.Status,
                state.Claims.TryGetValue(e.CaseId, out var known) ? Min(known.FiledAt, e.At) : e.At, e.At)),
        },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(CustomerClaimsState state) => [];

    public CustomerClaimsCommand OnDeadline(Deadline deadline) => throw new InvalidOperationException("Claim indexes have no deadlines.");

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CustomerClaimsCommand))]
[JsonSerializable(typeof(CustomerClaimsEvent))]
[JsonSerializable(typeof(CustomerClaimsState))]
internal sealed partial class CustomerClaimsJsonContext : JsonSerializerContext;

public static class CustomerClaimsKind
{
    public static readonly EntityKind<CustomerClaimsCommand, CustomerClaimsEvent, CustomerClaimsState> Kind = new(
        "customer-claims",
        CustomerClaimsDecider.Instance,
        CustomerClaimsJsonContext.Default.CustomerClaimsCommand,
        CustomerClaimsJsonContext.Default.CustomerClaimsEvent,
        CustomerClaimsJsonContext.Default.CustomerClaimsState);

    /// <summary>Claim filings and decisions, sent to the customer's index.</summary>
    public static IEnumerable<Reaction> FromCase(string caseId, CaseEvent @event, DateTimeOffset at) => @event switch
    {
        ClaimFiled e => [Track(e.By.Id, caseId, "filed", e.At)],
        ClaimApproved e => [Track(e.CustomerId, caseId, "approved", e.At)],
        ClaimRejected e => [Track(e.CustomerId, caseId, "rejected", e.At)],
        _ => [],
    };

    private static Reaction Track(string customer, string caseId, string status, DateTimeOffset at) =>
        new(Kind.Name, customer, new TrackClaim(caseId, status, at));
}
