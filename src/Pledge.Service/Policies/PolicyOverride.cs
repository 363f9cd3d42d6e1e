using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Domain.Kernel;

namespace Pledge.Service.Policies;

// A tenant's versions of one named policy. Entities are stamped with the version they run under, so
// publishing a new version never rewrites history; old versions stay readable for what-if replays.

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PublishPolicy), "publish_policy")]
public abstract record PolicyCommand;

/// <summary>Publishes <paramref name="Document"/> (already validated by its family, stamped with <paramref name="Version"/>).</summary>
/// <param name="BaseVersion">The preset's version; the first override is BaseVersion + 1.</param>
/// <param name="Version">The version the document was stamped with; refused unless it is the next one.</param>
public sealed record PublishPolicy(string Family, string Document, int BaseVersion, int Version, string By) : PolicyCommand;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PolicyPublished), "policy_published")]
public abstract record PolicyEvent(DateTimeOffset At);

public sealed record PolicyPublished(string Family, int Version, string Document, string By, DateTimeOffset At) : PolicyEvent(At);

public sealed record PolicyVersion(int Version, string Document, string By, DateTimeOffset At);

public sealed record PolicyOverrideState(string? Family, ImmutableList<PolicyVersion> Versions)
{
    public static readonly PolicyOverrideState None = new(null, []);

    public PolicyVersion? Latest => Versions.IsEmpty ? null : Versions[^1];
}

public sealed class PolicyOverrideDecider : IDecider<PolicyCommand, PolicyEvent, PolicyOverrideState>
{
    public static readonly PolicyOverrideDecider Instance = new();

    public PolicyOverrideState Initial => PolicyOverrideState.None;

    public Decision<PolicyEvent> Decide(PolicyCommand command, PolicyOverrideState state, DateTimeOffset now) => command switch
    {
        PublishPolicy p when state.Family is { } family && family != p.Family =>
            Rejection.Conflict("policy_family_mismatch", $"This policy is a '{family}' policy; it cannot become '{p.Family}'."),
        PublishPolicy p when p.Version != NextVersion(state, p.BaseVersion) =>
            Rejection.Conflict("policy_changed", "The policy changed meanwhile; read it again and retry."),
        PublishPolicy p => Decision<PolicyEvent>.Accept(new PolicyPublished(p.Family, p.Version, p.Document, p.By, now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public static int NextVersion(PolicyOverrideState state, int baseVersion) => Math.Max(state.Latest?.Version ?? 0, baseVersion) + 1;

    public PolicyOverrideState Evolve(PolicyOverrideState state, PolicyEvent @event) => @event switch
    {
        PolicyPublished e => new(e.Family, state.Versions.Add(new PolicyVersion(e.Version, e.Document, e.By, e.At))),
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(PolicyOverrideState state) => [];

    public PolicyCommand OnDeadline(Deadline deadline) => throw new InvalidOperationException("Policies have no deadlines.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PolicyCommand))]
[JsonSerializable(typeof(PolicyEvent))]
[JsonSerializable(typeof(PolicyOverrideState))]
internal sealed partial class PolicyOverrideJsonContext : JsonSerializerContext;

public static class PolicyOverrideKind
{
    public static readonly EntityKind<PolicyCommand, PolicyEvent, PolicyOverrideState> Kind = new(
        "policy",
        PolicyOverrideDecider.Instance,
        PolicyOverrideJsonContext.Default.PolicyCommand,
        PolicyOverrideJsonContext.Default.PolicyEvent,
        PolicyOverrideJsonContext.Default.PolicyOverrideState);
}
