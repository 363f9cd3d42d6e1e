using System.Collections.Immutable;
using Pledge.Conduct.Screening;

namespace Pledge.Conduct.Conduct;

/// <summary>The conduct part of <c>GET /v1/owners/{id}</c> (and of the customer view): live points, active sanctions with their end, and history.</summary>
public sealed record ConductView(
    string Policy,
    int PolicyVersion,
    int Points,
    int PendingReview,
    ImmutableArray<Sanction> ActiveSanctions,
    ImmutableArray<ViolationView> Violations,
    ImmutableArray<Sanction> Sanctions)
{
    public static ConductView Of(ConductState state, DateTimeOffset now)
    {
        var replay = ConductLedger.Run(state.Policy, state.Violations);
        return new ConductView(
            state.Policy.Name,
            state.Policy.Version,
            replay.PointsAt(now),
            state.Violations.Count(v => v.Status == ViolationStatus.Pending),
            [.. state.Sanctions.Where(s => s.IsActiveAt(now)).OrderBy(s => s.EndsAt)],
            [.. state.Violations.Select(v => ViolationView.Of(v, replay.Find(v.Id))).OrderByDescending(v => v.OccurredAt)],
            [.. state.Sanctions.OrderByDescending(s => s.StartsAt)]);
    }
}

/// <summary>A violation as the views show it, with the points it carries (0 when it never counted or was overturned).</summary>
public sealed record ViolationView(
    string Id,
    string Category,
    ViolationStatus Status,
    ViolationSource Source,
    string Reference,
    string? ConversationId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? CountedAt,
    DateTimeOffset? ExpiresAt,
    int Points,
    ImmutableArray<Finding> Findings,
    string? DecidedBy,
    string? Note)
{
    public static ViolationView Of(Violation v, ConductLedger.CountedViolation? counted) => new(
        v.Id, v.Category, v.Status, v.Source, v.Reference, v.ConversationId, v.OccurredAt, v.CountedAt,
        counted?.ExpiresAt, counted?.Points ?? 0, v.Findings, v.DecidedBy, v.Note);
}
