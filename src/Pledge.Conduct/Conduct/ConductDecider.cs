using System.Collections.Immutable;
using Pledge.Domain.Kernel;

namespace Pledge.Conduct.Conduct;

/// <summary>
/// The conduct record of one owner (seller or talent) — or, with the customer policy, of one customer.
/// Violations come from screen findings (auto-confirmed or queued for a reviewer, per category and policy)
/// and from reviewers' decisions on claims and tickets. Points escalate sanctions by tier, expire after the
/// policy's lifetime, weigh more for repeats, and vanish when an appeal is upheld. After every command the
/// counted violations are replayed (<see cref="ConductLedger"/>) and the stored sanctions are brought in line
/// with the replay, so an appeal or a policy change recomputes sanctions from the remaining history.
/// </summary>
public sealed class ConductDecider(ConductPolicy defaultPolicy) : IDecider<ConductCommand, ConductEvent, ConductState>
{
    private const string PointsDeadline = "points:", SanctionDeadline = "sanction:";

    public ConductState Initial { get; } = new(defaultPolicy, [], []);

    public Decision<ConductEvent> Decide(ConductCommand command, ConductState state, DateTimeOffset now)
    {
        now = Exact(now);
        var decision = command switch
        {
            RecordFinding c => RecordFinding(c, state, now),
            RecordViolation c => RecordViolation(c, state, now),
            ConfirmViolation c => Confirm(c, state, now),
            DismissViolation c => Dismiss(c, state, now),
            UpholdAppeal c => Uphold(c, state, now),
            AdoptPolicy c => Adopt(c, state),
            ConductDeadlineReached => Decision<ConductEvent>.Accept(),
            null => Rejection.Invalid("type", "A command is required."),
            _ => Rejection.Invalid("type", $"Unknown conduct command '{command.GetType().Name}'."),
        };
        if (!decision.IsAccepted) return decision;
        var after = decision.Events.Aggregate(state, Evolve);
        return Decision<ConductEvent>.Accept([.. decision.Events, .. Reconcile(after, now)]);
    }

    private static Decision<ConductEvent> RecordFinding(RecordFinding c, ConductState state, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(c.MessageId)) return Rejection.Invalid("messageId", "A message id is required.");
        var findings = c.Findings.IsDefault ? [] : c.Findings;
        if (findings.Any(f => f is null || f.Start < 0 || f.Length < 0 || string.IsNullOrEmpty(f.Rule)))
            return Rejection.Invalid("findings", "Every finding needs a category, a non-negative start and length, and a rule.");
        if (state.Violations.Any(v => v.Source == ViolationSource.Screening && v.Reference == c.MessageId))
            return Decision<ConductEvent>.Accept();
        var occurredAt = Exact(c.At ?? now);
        var events = new List<ConductEvent>();
        foreach (var group in findings.GroupBy(f => Screening.ScreeningCategoryNames.Name(f.Category)))
        {
            if (state.Policy.PointsFor(group.Key) == 0) continue;
            var confirmed = state.Policy.AutoConfirm.Contains(group.Key);
            events.Add(new ViolationRecorded(new Violation(
                $"{c.MessageId}:{group.Key}", group.Key,
                confirmed ? ViolationStatus.Confirmed : ViolationStatus.Pending,
                ViolationSource.Screening, c.MessageId, c.ConversationId, occurredAt,
                confirmed ? now : null, [.. group])));
        }
        return Decision<ConductEvent>.Accept(events);
    }

    private static Decision<ConductEvent> RecordViolation(RecordViolation c, ConductState state, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(c.ViolationId)) return Rejection.Invalid("violationId", "A violation id is required.");
        if (string.IsNullOrWhiteSpace(c.Reference)) return Rejection.Invalid("reference", "The claim or ticket id is required.");
        if (string.IsNullOrWhiteSpace(c.Reviewer)) return Rejection.Invalid("reviewer", "The deciding reviewer is required.");
        if (c.Source == ViolationSource.Screening) return Rejection.Invalid("source", "A reviewer's violation comes from a claim or a ticket.");
        if (state.Policy.PointsFor(c.Category ?? "") == 0)
            return Rejection.Invalid("category", $"'{c.Category}' is not a violation under policy '{state.Policy.Name}' (known: {string.Join(", ", state.Policy.Points.Where(p => p.Value > 0).Select(p => p.Key).Order(StringComparer.Ordinal))}).");
        if (state.Find(c.ViolationId) is { } existing)
            return existing.Category == c.Category && existing.Reference == c.Reference && existing.Source == c.Source
                ? Decision<ConductEvent>.Accept()
                : Rejection.Conflict("violation_exists", $"Violation '{c.ViolationId}' already exists with other facts.",
                    new Dictionary<string, string> { ["category"] = existing.Category, ["reference"] = existing.Reference });
        return Decision<ConductEvent>.Accept(new ViolationRecorded(new Violation(
            c.ViolationId, c.Category!, ViolationStatus.Confirmed, c.Source, c.Reference, null, now, now, [], c.Reviewer, c.Note)));
    }

    private static Decision<ConductEvent> Confirm(ConfirmViolation c, ConductState state, DateTimeOffset now) =>
        Review(c.ViolationId, c.Reviewer, state, [ViolationStatus.Pending], ViolationStatus.Confirmed,
            v => new ViolationConfirmed(v.Id, c.Reviewer, c.Note, now));

    private static Decision<ConductEvent> Dismiss(DismissViolation c, ConductState state, DateTimeOffset now) =>
        Text.IsBlank(c.Reason)
            ? Rejection.Invalid("reason", "A dismissal needs a reason.")
            : Review(c.ViolationId, c.Reviewer, state, [ViolationStatus.Pending], ViolationStatus.Dismissed,
                v => new ViolationDismissed(v.Id, c.Reviewer, c.Reason, now));

    private static Decision<ConductEvent> Uphold(UpholdAppeal c, ConductState state, DateTimeOffset now)
    {
        // an appeal may be upheld after the points expired: the violation leaves the record all the same
        if (Text.IsBlank(c.Reason)) return Rejection.Invalid("reason", "An upheld appeal needs a reason.");
        return Review(c.ViolationId, c.Reviewer, state, [ViolationStatus.Confirmed, ViolationStatus.Expired], ViolationStatus.Overturned,
            v => new ViolationOverturned(v.Id, c.Reviewer, c.Reason, now));
    }

    /// <summary>A reviewer's move from one status to another; repeating it changes nothing (at-least-once delivery).</summary>
    private static Decision<ConductEvent> Review(
        string? violationId, string? reviewer, ConductState state, ViolationStatus[] from, ViolationStatus to, Func<Violation, ConductEvent> happened)
    {
        if (string.IsNullOrWhiteSpace(violationId)) return Rejection.Invalid("violationId", "A violation id is required.");
        if (string.IsNullOrWhiteSpace(reviewer)) return Rejection.Invalid("reviewer", "The deciding reviewer is required.");
        if (state.Find(violationId) is not { } violation) return Rejection.NotFound($"No violation '{violationId}'.");
        if (violation.Status == to) return Decision<ConductEvent>.Accept();
        if (!from.Contains(violation.Status)) return Rejection.NotAllowed(Name(violation.Status), AllowedActions(violation.Status));
        return Decision<ConductEvent>.Accept(happened(violation));
    }

    private static Decision<ConductEvent> Adopt(AdoptPolicy c, ConductState state)
    {
        if (c.Policy is null) return Rejection.Invalid("policy", "A policy is required.");
        if (c.Policy.Validate() is { } invalid) return invalid;
        if (c.Policy.Name == state.Policy.Name && c.Policy.Version == state.Policy.Version) return Decision<ConductEvent>.Accept();
        return Decision<ConductEvent>.Accept(new PolicyAdopted(c.Policy));
    }

    /// <summary>Expires due points, ends elapsed sanctions, and aligns stored sanctions with a replay of the record.</summary>
    private static IEnumerable<ConductEvent> Reconcile(ConductState state, DateTimeOffset now)
    {
        var replay = ConductLedger.Run(state.Policy, state.Violations);
        foreach (var counted in replay.Counted)
            if (counted.ExpiresAt <= now && state.Find(counted.Id)?.Status == ViolationStatus.Confirmed)
                yield return new PointsExpired(counted.Id, counted.ExpiresAt);
        var replayed = replay.Sanctions.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var sanction in state.Sanctions.Where(s => s.EndedAt is null))
        {
            if (!replayed.Contains(sanction.Id)) yield return new SanctionEnded(sanction.Id, now, "recomputed");
            else if (sanction.EndsAt <= now) yield return new SanctionEnded(sanction.Id, sanction.EndsAt, "elapsed");
        }
        var stored = state.Sanctions.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var sanction in replay.Sanctions.Where(s => !stored.Contains(s.Id)))
        {
            if (sanction.EndsAt == sanction.StartsAt && sanction.StartsAt == now)
                yield return new SanctionImposed(sanction with { EndedAt = now, EndReason = "on_record" });
            else if (sanction.EndsAt > now)
                yield return new SanctionImposed(sanction);
        }
    }

    public ConductState Evolve(ConductState state, ConductEvent @event) => @event switch
    {
        ViolationRecorded e => state with { Violations = state.Violations.Add(e.Violation) },
        ViolationConfirmed e => Update(state, e.ViolationId, v => v with { Status = ViolationStatus.Confirmed, CountedAt = e.At, DecidedBy = e.Reviewer, Note = e.Note }),
        ViolationDismissed e => Update(state, e.ViolationId, v => v with { Status = ViolationStatus.Dismissed, DecidedBy = e.Reviewer, Note = e.Reason }),
        ViolationOverturned e => Update(state, e.ViolationId, v => v with { Status = ViolationStatus.Overturned, DecidedBy = e.Reviewer, Note = e.Reason }),
        PointsExpired e => Update(state, e.ViolationId, v => v with { Status = ViolationStatus.Expired }),
        SanctionImposed e => state with { Sanctions = state.Sanctions.Add(e.Sanction) },
        SanctionEnded e => state with
        {
            Sanctions = state.Sanctions.Select(s => s.Id == e.SanctionId ? s with { EndedAt = e.At, EndReason = e.Reason } : s).ToImmutableArray(),
        },
        PolicyAdopted e => state with { Policy = e.Policy },
        _ => state,
    };

    private static ConductState Update(ConductState state, string violationId, Func<Violation, Violation> change) =>
        state.Find(violationId) is { } violation ? state.With(change(violation)) : state;

    public IEnumerable<Deadline> Deadlines(ConductState state)
    {
        var replay = ConductLedger.Run(state.Policy, state.Violations);
        foreach (var counted in replay.Counted)
            if (state.Find(counted.Id)?.Status == ViolationStatus.Confirmed)
                yield return new Deadline(PointsDeadline + counted.Id, counted.ExpiresAt);
        foreach (var sanction in state.Sanctions)
            if (sanction.EndedAt is null)
                yield return new Deadline(SanctionDeadline + sanction.Id, sanction.EndsAt);
    }

    public ConductCommand OnDeadline(Deadline deadline) => new ConductDeadlineReached(deadline.Name, deadline.DueAt);

    /// <summary>What a reviewer may still do with a violation in this status.</summary>
    public static IReadOnlyList<string> AllowedActions(ViolationStatus status) => status switch
    {
        ViolationStatus.Pending => ["confirm", "dismiss"],
        ViolationStatus.Confirmed or ViolationStatus.Expired => ["uphold_appeal"],
        _ => [],
    };

    private static string Name(ViolationStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>Times are kept to the microsecond so that they survive storage exactly.</summary>
    private static DateTimeOffset Exact(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));
}
