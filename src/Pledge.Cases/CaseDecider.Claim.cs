using System.Globalization;
using Pledge.Domain.Json;
using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>
/// Money-back claim: filed by the customer within the claim window after the conversation ends. A response-time
/// claim is settled by the conversation's own breach record (eligible: approved automatically or confirmed by a
/// reviewer, per policy; not eligible: rejected with the figures, unless conduct categories need a review too);
/// conduct categories go to the review queue with the screening's findings. A reviewer approves or rejects.
/// </summary>
public sealed partial class CaseDecider
{
    private static IReadOnlyList<string> ClaimActions(CaseStatus status, ActorRole role) => (status, role) switch
    {
        (CaseStatus.InReview or CaseStatus.AwaitingConfirmation, ActorRole.Reviewer) => [CaseActions.Approve, CaseActions.Reject],
        (CaseStatus.InReview or CaseStatus.AwaitingConfirmation, ActorRole.Customer) => [CaseActions.Withdraw],
        _ => [],
    };

    private static Decision<CaseEvent> FileClaim(FileMoneyBackClaim c, DateTimeOffset now)
    {
        var policy = c.Policy ?? CasePolicies.Standard;
        var invalid = Check.Id(c.ConversationId, "conversationId")
            ?? Check.Id(c.OwnerId, "ownerId")
            ?? Categories(c.Categories)
            ?? Check.Ids(c.MessageIds, "messageIds", required: c.Categories.Any(IsConduct))
            ?? Check.OptionalText(c.Description, "description")
            ?? (c.Categories.Contains(ClaimCategory.ResponseTime) ? Breaches(c.Breaches) : null)
            ?? Findings(c.Findings)
            ?? Check.Money(c.AmountPaid, "amountPaid")
            ?? policy.Validate()
            ?? (c.ConversationEndedAt > now ? Rejection.Invalid("conversationEndedAt", "The conversation has not ended yet.") : null);
        if (invalid is not null) return invalid;

        var windowClosesAt = c.ConversationEndedAt + policy.Claim.Window;
        if (now > windowClosesAt)
            return Rejection.Conflict("claim_window_closed", $"Claims on this conversation could be filed until {windowClosesAt:O}.",
                new Dictionary<string, string> { ["windowClosedAt"] = windowClosesAt.ToString("O", CultureInfo.InvariantCulture) });

        var filed = new ClaimFiled(now, c.By, c.ConversationId, c.OwnerId, c.Categories, c.MessageIds ?? [], c.ConversationEndedAt,
            c.Description, c.Breaches, c.Findings ?? [], c.AmountPaid, policy);
        var pledge = Actor.Automation;
        var eligible = c.Categories.Contains(ClaimCategory.ResponseTime) && c.Breaches!.ClaimEligible;
        if (eligible && policy.Claim.ResponseTime == ResponseTimeClaimHandling.AutoApprove)
            return Accept(filed, new ClaimApproved(now, pledge, c.ConversationId, c.OwnerId, c.By.Id, c.Categories, c.AmountPaid, Automatic: true));
        if (eligible) return Accept(filed, new ClaimQueued(now, pledge, ClaimQueue.Confirmation));
        if (c.Categories.Any(IsConduct)) return Accept(filed, new ClaimQueued(now, pledge, ClaimQueue.Review));
        return Accept(filed, new ClaimRejected(now, pledge, c.ConversationId, c.OwnerId, c.By.Id,
            $"The conversation's breach record does not make it eligible ({Figures(c.Breaches!)}).", Automatic: true, c.Breaches));
    }

    private static Decision<CaseEvent> ApproveClaim(ApproveClaim c, ClaimDetails claim, DateTimeOffset now)
    {
        var invalid = Check.Money(c.Refund, "refund") ?? Check.OptionalText(c.Note, "note", Check.MaxShortText);
        return invalid ?? Accept(new ClaimApproved(now, c.By, claim.ConversationId, claim.OwnerId, claim.CustomerId, claim.Categories, c.Refund, Automatic: false, c.Note));
    }

    private static Decision<CaseEvent> RejectClaim(RejectCase c, ClaimDetails claim, DateTimeOffset now) =>
        Check.Text(c.Reason, "reason", Check.MaxShortText) is { } bad
            ? bad
            : Accept(new ClaimRejected(now, c.By, claim.ConversationId, claim.OwnerId, claim.CustomerId, c.Reason, Automatic: false));

    private static bool IsConduct(ClaimCategory category) => category != ClaimCategory.ResponseTime;

    private static Rejection? Categories(IReadOnlyList<ClaimCategory>? categories)
    {
        if (categories is null || categories.Count == 0) return Rejection.Invalid("categories", "A claim names at least one category.");
        for (var i = 0; i < categories.Count; i++)
        {
            if (Check.Known(categories[i], $"categories[{i}]") is { } bad) return bad;
            if (categories.Take(i).Contains(categories[i])) return Rejection.Invalid($"categories[{i}]", $"'{Name(categories[i])}' is listed twice.");
        }
        return null;
    }

    private static Rejection? Breaches(ConversationBreaches? breaches) =>
        breaches?.Breaches is null
            ? Rejection.Invalid("breaches", "A response-time claim needs the conversation's breach record.")
            : breaches.Breaches.Any(b => b.Key <= TimeSpan.Zero || b.Value < 0)
                ? Rejection.Invalid("breaches", "Breach tiers are positive durations with counts of zero or more.")
                : null;

    private static Rejection? Findings(IReadOnlyList<ScreeningFinding>? findings)
    {
        if (findings is null) return null;
        if (findings.Count > 1_000) return Rejection.Invalid("findings", "At most 1000 findings.");
        for (var i = 0; i < findings.Count; i++)
        {
            var at = $"findings[{i}]";
            var f = findings[i];
            var bad = f is null ? Rejection.Invalid(at, "A finding is missing.")
                : Check.Id(f.MessageId, $"{at}.messageId") ?? Check.Id(f.Category, $"{at}.category") ?? Check.Id(f.Rule, $"{at}.rule")
                  ?? (f.Start < 0 || f.Length < 0 ? Rejection.Invalid($"{at}.start", "A span has a non-negative start and length.") : null);
            if (bad is not null) return bad;
        }
        return null;
    }

    private static string Figures(ConversationBreaches breaches) =>
        string.Join(", ", breaches.Breaches.OrderBy(b => b.Key).Select(b => $"{IsoDurationConverter.Format(b.Key)}: {b.Value}"));

    private static ClaimDetails NewClaim(ClaimFiled e) => new(
        e.ConversationId, e.OwnerId, e.By.Id, e.Categories, e.MessageIds, e.ConversationEndedAt, e.Description, e.Breaches, e.Findings, e.AmountPaid);

    private static CaseState EvolveClaim(CaseState state, CaseEvent @event)
    {
        var claim = state.Claim!;
        return @event switch
        {
            ClaimQueued e => state with
            {
                Status = e.Queue == ClaimQueue.Review ? CaseStatus.InReview : CaseStatus.AwaitingConfirmation,
                Claim = claim with { Queue = e.Queue },
            },
            ClaimApproved e => state with { Status = CaseStatus.Approved, Claim = claim with { Refund = e.Refund, Reason = e.Note, Automatic = e.Automatic } },
            ClaimRejected e => state with { Status = CaseStatus.Rejected, Claim = claim with { Reason = e.Reason, Automatic = e.Automatic } },
            _ => state,
        };
    }
}
