using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Conduct.Screening;

namespace Pledge.Conduct.Conduct;

/// <summary>What may be asked of one owner's (or customer's) conduct record.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RecordFinding), "record_finding")]
[JsonDerivedType(typeof(RecordViolation), "record_violation")]
[JsonDerivedType(typeof(ConfirmViolation), "confirm_violation")]
[JsonDerivedType(typeof(DismissViolation), "dismiss_violation")]
[JsonDerivedType(typeof(UpholdAppeal), "uphold_appeal")]
[JsonDerivedType(typeof(AdoptPolicy), "adopt_policy")]
[JsonDerivedType(typeof(ConductDeadlineReached), "deadline_reached")]
public abstract record ConductCommand;

/// <summary>The screen's findings on one message this owner wrote; idempotent by <paramref name="MessageId"/>.</summary>
/// <param name="At">When the message was written; defaults to the command's time.</param>
public sealed record RecordFinding(string MessageId, string? ConversationId, ImmutableArray<Finding> Findings, DateTimeOffset? At = null) : ConductCommand;

/// <summary>A reviewer's decision on a claim or ticket that the owner violated the rules; counts at once. Idempotent by <paramref name="ViolationId"/>.</summary>
public sealed record RecordViolation(string ViolationId, string Category, ViolationSource Source, string Reference, string Reviewer, string? Note = null) : ConductCommand;

public sealed record ConfirmViolation(string ViolationId, string Reviewer, string? Note = null) : ConductCommand;

public sealed record DismissViolation(string ViolationId, string Reviewer, string Reason) : ConductCommand;

/// <summary>An appeal against a confirmed violation was upheld: it is overturned and sanctions are recomputed without it.</summary>
public sealed record UpholdAppeal(string ViolationId, string Reviewer, string Reason) : ConductCommand;

/// <summary>Runs the record under another policy (or a new version); points and sanctions are recomputed under it.</summary>
public sealed record AdoptPolicy(ConductPolicy Policy) : ConductCommand;

/// <summary>A stored deadline fell due: points expire, sanctions end.</summary>
public sealed record ConductDeadlineReached(string Name, DateTimeOffset DueAt) : ConductCommand;
