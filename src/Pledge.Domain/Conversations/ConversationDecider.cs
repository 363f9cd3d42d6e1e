using System.Collections.Immutable;
using Pledge.Domain.Json;
using Pledge.Domain.Kernel;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationCommand;
using static Pledge.Domain.Conversations.ConversationEvent;

namespace Pledge.Domain.Conversations;

/// <summary>
/// Reply-time rules of one conversation.
/// <list type="number">
/// <item>A wait opens at a customer message when none is open; later customer messages join it; the next
/// agent message closes it. An agent message with no open wait changes no wait.</item>
/// <item>A tier D is breached when the wait is strictly longer than D: its deadline falls at
/// <see cref="ConversationPolicy.BreachAt"/> (opened + D + 1 µs), answered or not. An answer dated at or after
/// a deadline records the breach first, even if the deadline has not been fired yet.</item>
/// <item>Excused waits count in no tally and get no more deadlines. Excluded customer messages neither open
/// nor join waits; a wait holding one is dropped and, if other customer messages remain in it, replaced by a
/// wait opened at the first of them with the same close time (its breaches re-derived).</item>
/// <item>The customer becomes claim-eligible when a tier's tally reaches its threshold, and loses it again
/// if excuses or exclusions bring every tally back under.</item>
/// <item>A message dated more than <see cref="MaxClockSkew"/> after receipt, more than the policy's
/// <see cref="ConversationPolicy.MaxBackdate"/> before it, or before the conversation's watermark (its latest
/// message or breach: an answer may not rewrite a breach already recorded) is refused on <c>at</c>.</item>
/// </list>
/// All times are cut to whole microseconds, the precision they are stored with.
/// </summary>
public sealed class ConversationDecider : IDecider<ConversationCommand, ConversationEvent, ConversationState>
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(5);

    private const int MaxNameLength = 200;

    public ConversationState Initial => ConversationState.Initial;

    public Decision<ConversationEvent> Decide(ConversationCommand command, ConversationState state, DateTimeOffset now)
    {
        now = ToMicroseconds(now);
        return command switch
        {
            Open open => DecideOpen(open, state),
            _ when !state.IsOpen => Rejection.NotFound("The conversation has not been opened."),
            ReceiveMessage message => DecideMessage(message, state, now),
            ExcuseWait excuse => DecideExcuse(excuse, state, now),
            ExcludeMessages exclude => DecideExclusion(exclude, state, now),
            DeadlineReached deadline => DecideDeadline(deadline, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown conversation command."),
        };
    }

    private Decision<ConversationEvent> DecideOpen(Open open, ConversationState state)
    {
        if (open.Policy is null)
            return Rejection.Invalid("policy", "A policy is required.");
        if (ValidPolicies.TryGetValue(open.Policy, out _) is false && open.Policy.Validate() is { } invalid)
            return Rejection.Invalid("policy", $"Policy '{open.Policy.Name}' is invalid: {invalid.Field}: {invalid.Message}");
        if ((InvalidName(open.Owner, "owner") ?? InvalidName(open.Customer, "customer")) is { } bad)
            return bad;
        ValidPolicies.TryAdd(open.Policy, null);
        if (!state.IsOpen)
            return Decision<ConversationEvent>.Accept(new Opened(open.Policy, open.Owner, open.Customer));
        if (open.Policy.Name != state.Policy!.Name)
            return Rejection.Conflict("policy_mismatch",
                $"The conversation runs under policy '{state.Policy.Name}'; it cannot move to '{open.Policy.Name}'.",
                new Dictionary<string, string> { ["policy"] = state.Policy.Name, ["version"] = state.Policy.Version.ToString() });
        // Another version of the same policy keeps the stamped one: a policy change never rewrites a conversation.
        var owner = open.Owner ?? state.Owner;
        var customer = open.Customer ?? state.Customer;
        return owner == state.Owner && customer == state.Customer
            ? Decision<ConversationEvent>.Accept()
            : Decision<ConversationEvent>.Accept(new Reassigned(owner, customer));
    }

    private Decision<ConversationEvent> DecideMessage(ReceiveMessage message, ConversationState state, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(message.MessageId) || message.MessageId.Length > MaxNameLength)
            return Rejection.Invalid("messageId", "A message id is required (at most 200 characters).");
        if (state.MessageIds.Contains(message.MessageId))
            return Decision<ConversationEvent>.Accept();
        if (!Enum.IsDefined(message.From))
            return Rejection.Invalid("from", "A message is from 'customer' or 'agent'.");
        if (string.IsNullOrWhiteSpace(message.Author) || message.Author.Length > MaxNameLength)
            return Rejection.Invalid("author", "An author is required (at most 200 characters).");
        var policy = state.Policy!;
        var at = ToMicroseconds(message.At ?? now);
        if (at > now + MaxClockSkew)
            return Rejection.Invalid("at", $"'at' lies more than {MaxClockSkew.TotalSeconds:0} s after receipt ({now:O}).", "at_in_future");
        if (now - at > policy.MaxBackdate)
            return Rejection.Invalid("at",
                $"'at' lies more than {IsoDurationConverter.Format(policy.MaxBackdate)} before receipt, the limit of policy '{policy.Name}'.", "at_too_old");
        if (message.Findings?.Any(f => f is null || string.IsNullOrEmpty(f.Category) || f.Start < 0 || f.Length < 1
                || f.Start + f.Length > (message.Text?.Length ?? 0)) == true)
            return Rejection.Invalid("findings", "Each finding names a category and a span inside the text.");
        if (at < state.Watermark)
            return new Rejection(RejectionKind.Invalid, "at_out_of_order",
                $"'at' lies before the conversation's latest recorded message or breach ({state.Watermark:O}).", "at",
                new Dictionary<string, string> { ["notBefore"] = state.Watermark.Value.ToString("O") });

        var events = new List<ConversationEvent>(DueBreaches(state, at))
        {
            new MessageReceived(message.MessageId, message.From, message.Author, message.Text, at, message.Findings),
        };
        var wait = state.OpenWait();
        if (message.From == Party.Customer && wait is null && !state.ExcludedMessageIds.Contains(message.MessageId))
            events.Add(new WaitOpened(state.NextWaitId(), message.MessageId, at));
        if (message.From == Party.Agent && wait is not null)
        {
            var within = wait.Counts ? policy.Tiers.Where(t => at < policy.BreachAt(t, wait.Opened)).ToImmutableArray() : [];
            events.Add(new WaitClosed(wait.Id, wait.Opened, at, within, state.Owner, policy.ResponseRateWindow));
        }
        return AcceptTracking(state, events);
    }

    private Decision<ConversationEvent> DecideExcuse(ExcuseWait excuse, ConversationState state, DateTimeOffset now)
    {
        if (Text.IsBlank(excuse.Reason) || excuse.Reason.Length > 1000)
            return Rejection.Invalid("reason", "A reason is required (at most 1000 characters).");
        var wait = excuse.WaitId is { } id ? state.Waits.FirstOrDefault(w => w.Id == id && !w.Excluded) : state.OpenWait();
        if (wait is null)
            return excuse.WaitId is null
                ? Rejection.Conflict("no_open_wait", "The conversation has no open wait to excuse.")
                : Rejection.NotFound($"The conversation has no wait {excuse.WaitId}.", "wait_not_found");
        return wait.Excused is not null
            ? Decision<ConversationEvent>.Accept()
            : AcceptTracking(state, [new WaitExcused(wait.Id, excuse.Reason, now, state.Owner, state.Policy!.ResponseRateWindow)]);
    }

    private Decision<ConversationEvent> DecideExclusion(ExcludeMessages exclude, ConversationState state, DateTimeOffset now)
    {
        if (exclude.MessageIds.IsDefaultOrEmpty || exclude.MessageIds.Any(string.IsNullOrWhiteSpace))
            return Rejection.Invalid("messageIds", "List the ids of the messages to exclude.");
        var added = exclude.MessageIds.Distinct().Where(id => !state.ExcludedMessageIds.Contains(id)).ToImmutableArray();
        if (added.IsEmpty)
            return Decision<ConversationEvent>.Accept();

        var policy = state.Policy!;
        var dropped = ImmutableArray.CreateBuilder<int>();
        var replacements = ImmutableArray.CreateBuilder<Wait>();
        var outcomes = ImmutableArray.CreateBuilder<WaitOutcome>();
        var nextId = state.NextWaitId();
        foreach (var wait in state.Waits.Where(w => !w.Excluded && w.Messages.Any(m => added.Contains(m.Id))))
        {
            dropped.Add(wait.Id);
            var remaining = wait.Messages.Where(m => !added.Contains(m.Id)).ToImmutableArray();
            if (remaining.IsEmpty)
                continue;
            var opened = remaining[0].At;
            // A closed replacement's breaches are final; an open one gets its deadlines again and breaches as they fall.
            var breached = wait.Closed is { } closed
                ? policy.Tiers.Where(t => policy.BreachAt(t, opened) <= closed).ToImmutableArray()
                : [];
            var replacement = new Wait(nextId++, opened, wait.Closed, remaining, breached, wait.Excused, Excluded: false);
            replacements.Add(replacement);
            if (replacement.Closed is not null && replacement.Counts)
                outcomes.AddRange(policy.Tiers.Select(t => new WaitOutcome(replacement.Id, opened, t, !breached.Contains(t))));
        }
        return AcceptTracking(state,
        [
            new MessagesExcluded(added, now, dropped.ToImmutable(), replacements.ToImmutable(), outcomes.ToImmutable(),
                state.Owner, policy.ResponseRateWindow),
        ]);
    }

    private Decision<ConversationEvent> DecideDeadline(DeadlineReached reached, ConversationState state)
    {
        // A deadline the state no longer lists (answered, excused, already breached) is stale: nothing to do.
        var breach = DueBreaches(state, reached.DueAt)
            .FirstOrDefault(b => DeadlineName(b.WaitId, b.Tier) == reached.Name && b.At == reached.DueAt);
        return breach is null ? Decision<ConversationEvent>.Accept() : AcceptTracking(state, [breach]);
    }

    public ConversationState Evolve(ConversationState state, ConversationEvent @event) => @event switch
    {
        Opened opened => state with { Policy = opened.Policy, Owner = opened.Owner, Customer = opened.Customer },
        Reassigned reassigned => state with { Owner = reassigned.Owner, Customer = reassigned.Customer },
        MessageReceived message => Receive(state, message),
        WaitOpened opened => state with
        {
            Waits = state.Waits.Add(new Wait(opened.WaitId, opened.At, null, [new WaitMessage(opened.MessageId, opened.At)], [], null, false)),
        },
        WaitBreached breached => UpdateWait(state, breached.WaitId, w => w with { Breached = w.Breached.Add(breached.Tier) }) with
        {
            Watermark = Later(state.Watermark, breached.At),
        },
        WaitClosed closed => UpdateWait(state, closed.WaitId, w => w with { Closed = closed.At }),
        WaitExcused excused => UpdateWait(state, excused.WaitId, w => w with { Excused = excused.Reason }),
        MessagesExcluded excluded => state with
        {
            ExcludedMessageIds = state.ExcludedMessageIds.Union(excluded.MessageIds),
            Waits = state.Waits
                .Select(w => excluded.Dropped.Contains(w.Id) ? w with { Excluded = true } : w)
                .Concat(excluded.Replacements)
                .ToImmutableArray(),
        },
        ClaimEligibilityReached => state with { ClaimEligible = true },
        ClaimEligibilityLost => state with { ClaimEligible = false },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown conversation event."),
    };

    public IEnumerable<Deadline> Deadlines(ConversationState state) =>
        PendingBreaches(state).Select(b => new Deadline(DeadlineName(b.WaitId, b.Tier), b.At));

    public ConversationCommand OnDeadline(Deadline deadline) => new DeadlineReached(deadline.Name, deadline.DueAt);

    /// <summary>When the earliest of <see cref="Deadlines"/> falls, or null when there is none; allocates nothing.</summary>
    public static DateTimeOffset? NextDeadlineAt(ConversationState state)
    {
        var index = state.OpenWaitIndex();
        if (state.Policy is not { } policy || index < 0 || !state.Waits[index].Counts)
            return null;
        var wait = state.Waits[index];
        DateTimeOffset? earliest = null;
        foreach (var tier in policy.Tiers)
            if (!wait.Breached.Contains(tier) && policy.BreachAt(tier, wait.Opened) is var at && (earliest is null || at < earliest))
                earliest = at;
        return earliest;
    }

    /// <summary>Cuts sub-microsecond ticks: stored times keep microseconds, and deadlines must survive a round trip.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time) =>
        new(time.Ticks - time.Ticks % ConversationPolicy.Precision.Ticks, time.Offset);

    public static string DeadlineName(int waitId, TimeSpan tier) =>
        $"wait:{waitId.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{TierNames.GetOrAdd(tier, IsoDurationConverter.Format)}";

    // Every conversation opens with one of a few policy records; each is checked once (by reference, as policies are immutable).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConversationPolicy, object?> ValidPolicies = new();

    // A policy has a handful of tiers and every deadline name spells one; formatting them once saves the replay's hot path.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TimeSpan, string> TierNames = new();

    private static ConversationState Receive(ConversationState state, MessageReceived message)
    {
        state = state with { MessageIds = state.MessageIds.Add(message.MessageId), Watermark = Later(state.Watermark, message.At) };
        var wait = state.OpenWait();
        var joins = message.From == Party.Customer && wait is not null && !state.ExcludedMessageIds.Contains(message.MessageId);
        return joins
            ? UpdateWait(state, wait!.Id, w => w with { Messages = w.Messages.Add(new WaitMessage(message.MessageId, message.At)) })
            : state;
    }

    /// <summary>The breaches the open wait will have when the clock reaches them, earliest first.</summary>
    private static IEnumerable<WaitBreached> PendingBreaches(ConversationState state)
    {
        var wait = state.OpenWait();
        if (state.Policy is not { } policy || wait is null || !wait.Counts || wait.Breached.Length == policy.Tiers.Length)
            return [];
        var pending = new List<WaitBreached>(policy.Tiers.Length);
        foreach (var tier in policy.Tiers)
            if (!wait.Breached.Contains(tier))
                pending.Add(new WaitBreached(wait.Id, tier, policy.BreachAt(tier, wait.Opened), wait.Opened, state.Owner, policy.ResponseRateWindow));
        // Elapsed tiers fall in the order they are listed; business-calendar ones need not (P1D may come before PT20H).
        if (policy.Calendar is not null)
            pending.Sort((a, b) => a.At.CompareTo(b.At));
        return pending;
    }

    private static IEnumerable<WaitBreached> DueBreaches(ConversationState state, DateTimeOffset upTo) =>
        NextDeadlineAt(state) <= upTo ? PendingBreaches(state).Where(b => b.At <= upTo) : [];

    // Claim eligibility follows the tallies: its event goes right after the event that changed it, dated like that event.
    private Decision<ConversationEvent> AcceptTracking(ConversationState state, IEnumerable<ConversationEvent> events)
    {
        var given = events.ToArray();
        if (!Array.Exists(given, ChangesTallies))
            return Decision<ConversationEvent>.Accept(given);
        var result = new List<ConversationEvent>(given.Length + 1);
        foreach (var @event in given)
        {
            result.Add(@event);
            state = Evolve(state, @event);
            if (!ChangesTallies(@event))
                continue;
            var eligible = state.ReachesClaimThreshold();
            if (eligible == state.ClaimEligible)
                continue;
            ConversationEvent change = eligible
                ? new ClaimEligibilityReached(TimeOf(@event), state.Breaches())
                : new ClaimEligibilityLost(TimeOf(@event), state.Breaches());
            result.Add(change);
            state = Evolve(state, change);
        }
        return Decision<ConversationEvent>.Accept(result);
    }

    private static bool ChangesTallies(ConversationEvent @event) => @event is WaitBreached or WaitExcused or MessagesExcluded;

    private static DateTimeOffset TimeOf(ConversationEvent @event) => @event switch
    {
        WaitBreached e => e.At,
        WaitExcused e => e.At,
        MessagesExcluded e => e.At,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "This event does not change claim eligibility."),
    };

    private static ConversationState UpdateWait(ConversationState state, int waitId, Func<Wait, Wait> update)
    {
        // Ids ascend with the index and the wait wanted is nearly always the last one.
        for (var i = state.Waits.Length - 1; i >= 0; i--)
            if (state.Waits[i].Id == waitId)
                return state with { Waits = state.Waits.SetItem(i, update(state.Waits[i])) };
        return state;
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private static Rejection? InvalidName(string? value, string field) =>
        value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength)
            ? Rejection.Invalid(field, $"'{field}' must not be blank (at most 200 characters).")
            : null;
}
