using System.Text.Json.Serialization;

namespace Pledge.Conduct.Conduct;

/// <summary>What happened to a conduct record; the type names are the webhook event types.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ViolationRecorded), "violation_recorded")]
[JsonDerivedType(typeof(ViolationConfirmed), "violation_confirmed")]
[JsonDerivedType(typeof(ViolationDismissed), "violation_dismissed")]
[JsonDerivedType(typeof(ViolationOverturned), "violation_overturned")]
[JsonDerivedType(typeof(PointsExpired), "points_expired")]
[JsonDerivedType(typeof(SanctionImposed), "sanction_imposed")]
[JsonDerivedType(typeof(SanctionEnded), "sanction_ended")]
[JsonDerivedType(typeof(PolicyAdopted), "conduct_policy_adopted")]
public abstract record ConductEvent;

/// <summary>A violation entered the record, pending review or already confirmed.</summary>
public sealed record ViolationRecorded(Violation Violation) : ConductEvent;

public sealed record ViolationConfirmed(string ViolationId, string Reviewer, string? Note, DateTimeOffset At) : ConductEvent;

public sealed record ViolationDismissed(string ViolationId, string Reviewer, string Reason, DateTimeOffset At) : ConductEvent;

public sealed record ViolationOverturned(string ViolationId, string Reviewer, string Reason, DateTimeOffset At) : ConductEvent;

public sealed record PointsExpired(string ViolationId, DateTimeOffset At) : ConductEvent;

public sealed record SanctionImposed(Sanction Sanction) : ConductEvent;

/// <param name="Reason"><c>elapsed</c> (its time ran out) or <c>recomputed</c> (an appeal or policy change removed it).</param>
public sealed record SanctionEnded(string SanctionId, DateTimeOffset At, string Reason) : ConductEvent;

public sealed record PolicyAdopted(ConductPolicy Policy) : ConductEvent;
