using System.Collections.Immutable;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Conversations;

/// <summary>
/// One conversation folded in place, for replays: the state <see cref="ConversationDecider"/> reaches through
/// decide → evolve for the commands a replay issues — <see cref="ConversationCommand.Open"/>, a
/// <see cref="ConversationCommand.ReceiveMessage"/> dated at its receipt, and each due
/// <see cref="ConversationCommand.DeadlineReached"/> — kept in private mutable arrays instead of copying the
/// immutable state (message-id set, waits) at every message. <see cref="ToState"/> gives the decider's state.
/// <para>
/// It covers the accepted path only: a caller asks <see cref="Accepts"/> first and, when it says no (the decider
/// would refuse the message or ignore it as a repeat), takes <see cref="ToState"/> — still the state before the
/// message — to the decider itself. Those commands never excuse a wait nor exclude a message, so every wait
/// counts, only the last one can be open, and the claim flag always equals the tallies' verdict.
/// The property tests in Pledge.Domain.Tests (ReplayFoldPropertyTests) hold it to the decider.
/// </para>
/// </summary>
public sealed class ConversationFold
{
    /// <summary>Breached tiers are a bit mask: policies with more tiers than this go through the decider.</summary>
    public const int MaxTiers = 64;

    private const int MaxNameLength = 200;

    // Near the end of time the decider's sums (receipt + clock skew, opened + tier) overflow and throw, at moments of
    // its own: leave such messages to it. Tiers and calendars reach at most some fifteen years ahead.
    private static readonly DateTimeOffset LatestReceipt = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Rules rules;
    // Most conversations hold a couple of messages and one wait: those live in the fold itself, more in arrays.
    private TwoMessages firstMessages;
    private Message[]? moreMessages;
    private int messageCount;
    private long latestMessage = long.MinValue;
    private OneWait firstWait;
    private FoldedWait[]? moreWaits;
    private int waitCount;
    // The earliest breach instant the open wait has still to reach (MaxValue: none, or no open wait).
    private DateTimeOffset nextBreach = DateTimeOffset.MaxValue;

    /// <summary>The conversation just opened (the decider's <see cref="ConversationEvent.Opened"/>).</summary>
    public ConversationFold(Rules rules, string? owner, string? customer)
    {
        this.rules = rules;
        Owner = owner;
        Customer = customer;
    }

    public ConversationPolicy Policy => rules.Policy;

    public string? Owner { get; private set; }

    public string? Customer { get; private set; }

    /// <summary>The latest message or breach time, as <see cref="ConversationState.Watermark"/>.</summary>
    public DateTimeOffset? Watermark { get; private set; }

    /// <summary>All waits by ascending id (and opening time).</summary>
    public ReadOnlySpan<FoldedWait> Waits => waits[..waitCount];

    private Span<Message> messages => moreMessages is null ? firstMessages : moreMessages;

    private Span<FoldedWait> waits => moreWaits is null ? firstWait : moreWaits;

    /// <summary>As <see cref="ConversationState.ClaimEligible"/>: any claim threshold reached by the tallies.</summary>
    public bool ClaimEligible
    {
        get
        {
            foreach (var (index, threshold) in rules.Thresholds)
            {
                var count = 0;
                var bit = 1UL << index;
                for (var i = 0; i < waitCount; i++)
                    if ((waits[i].Breached & bit) != 0 && ++count >= threshold)
                        return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Whether the decider would take message <paramref name="messageNumber"/> (its id is the number's decimal form)
    /// from <paramref name="author"/>, received and dated at <paramref name="receivedAt"/> once the deadlines due by then
    /// have fired, as a new message; and whether <paramref name="author"/> may be this conversation's owner or customer.
    /// </summary>
    public bool Accepts(long messageNumber, Party from, string? author, DateTimeOffset receivedAt) =>
        from is Party.Customer or Party.Agent
        && ValidName(author)
        && !Knows(messageNumber)
        && receivedAt <= LatestReceipt
        && !(ConversationDecider.ToMicroseconds(receivedAt) < WatermarkBy(receivedAt));

    /// <summary>Whether <paramref name="name"/> passes the decider's checks of owners, customers and authors.</summary>
    public static bool ValidName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength;

    /// <summary>Whether a message of this id was received already.</summary>
    public bool Knows(long messageNumber)
    {
        if (messageNumber > latestMessage)
            return false;
        for (var i = 0; i < messageCount; i++)
            if (messages[i].Id == messageNumber)
                return true;
        return false;
    }

    /// <summary>The watermark once the deadlines due by <paramref name="upTo"/> have fired; changes nothing.</summary>
    public DateTimeOffset? WatermarkBy(DateTimeOffset upTo)
    {
        var watermark = Watermark;
        if (upTo >= nextBreach && OpenWaitIndex() is var w and >= 0)
        {
            var tiers = rules.Tiers;
            for (var t = 0; t < tiers.Length; t++)
                if ((waits[w].Breached & (1UL << t)) == 0 && rules.Policy.BreachAt(tiers[t], waits[w].Opened) is var at && at <= upTo)
                    watermark = Later(watermark, at);
        }
        return watermark;
    }

    /// <summary>Fires every deadline due by <paramref name="upTo"/>: the open wait breaches each tier whose breach instant has come.</summary>
    public void FireDeadlines(DateTimeOffset upTo)
    {
        if (upTo < nextBreach || OpenWaitIndex() is not (var w and >= 0))
            return;
        ref var wait = ref waits[w];
        var tiers = rules.Tiers;
        for (var t = 0; t < tiers.Length; t++)
        {
            var bit = 1UL << t;
            if ((wait.Breached & bit) == 0 && rules.Policy.BreachAt(tiers[t], wait.Opened) is var at && at <= upTo)
            {
                wait.Breached |= bit;
                Watermark = Later(Watermark, at);
            }
        }
        nextBreach = NextBreach(wait);
    }

    private DateTimeOffset NextBreach(in FoldedWait wait)
    {
        var next = DateTimeOffset.MaxValue;
        var tiers = rules.Tiers;
        for (var t = 0; t < tiers.Length; t++)
            if ((wait.Breached & (1UL << t)) == 0 && rules.Policy.BreachAt(tiers[t], wait.Opened) is var at && at < next)
                next = at;
        return next;
    }

    /// <summary>As an <see cref="ConversationCommand.Open"/> of the open conversation: a null leaves the current one.</summary>
    public void Reassign(string? owner, string? customer)
    {
        Owner = owner ?? Owner;
        Customer = customer ?? Customer;
    }

    /// <summary>
    /// Receives a message <see cref="Accepts"/> agreed to, after <see cref="FireDeadlines"/> up to <paramref name="receivedAt"/>:
    /// a customer message opens or joins the wait, an agent message closes it.
    /// </summary>
    public void Receive(long messageNumber, Party from, DateTimeOffset receivedAt)
    {
        var at = ConversationDecider.ToMicroseconds(receivedAt);
        var open = OpenWaitIndex();
        var waitId = 0;
        if (from == Party.Customer)
        {
            if (open >= 0)
            {
                waitId = waits[open].Id;
            }
            else
            {
                waitId = waitCount == 0 ? 1 : waits[waitCount - 1].Id + 1;
                if (waitCount == waits.Length)
                {
                    var more = new FoldedWait[waitCount * 2];
                    waits.CopyTo(more);
                    moreWaits = more;
                }
                waits[waitCount++] = new FoldedWait(waitId, at);
                nextBreach = NextBreach(waits[waitCount - 1]);
            }
        }
        else if (open >= 0)
        {
            waits[open].Close(at);
            nextBreach = DateTimeOffset.MaxValue;
        }
        if (messageCount == messages.Length)
        {
            var more = new Message[messageCount * 2];
            messages.CopyTo(more);
            moreMessages = more;
        }
        messages[messageCount++] = new Message(messageNumber, at, waitId);
        latestMessage = Math.Max(latestMessage, messageNumber);
        Watermark = Later(Watermark, at);
    }

    /// <summary>Whether <paramref name="wait"/> breached tier <paramref name="tier"/> (an index into the policy's tiers).</summary>
    public static bool HasBreached(in FoldedWait wait, int tier) => (wait.Breached & (1UL << tier)) != 0;

    /// <summary>The decider's state of this conversation.</summary>
    public ConversationState ToState()
    {
        var ids = ImmutableHashSet.CreateBuilder<string>();
        for (var i = 0; i < messageCount; i++)
            ids.Add(messages[i].Id.ToString());
        var states = ImmutableArray.CreateBuilder<Wait>(waitCount);
        foreach (var wait in Waits)
        {
            var joined = ImmutableArray.CreateBuilder<WaitMessage>();
            for (var i = 0; i < messageCount; i++)
                if (messages[i].WaitId == wait.Id)
                    joined.Add(new WaitMessage(messages[i].Id.ToString(), messages[i].At));
            states.Add(new Wait(wait.Id, wait.Opened, wait.Closed, joined.ToImmutable(), BreachOrder(wait), null, false));
        }
        return new ConversationState(rules.Policy, Owner, Customer, states.MoveToImmutable(), ids.ToImmutable(),
            ImmutableHashSet<string>.Empty, Watermark, ClaimEligible);
    }

    // The decider records breaches as their deadlines fire: by breach instant, ties in tier order.
    private ImmutableArray<TimeSpan> BreachOrder(FoldedWait wait)
    {
        var breached = new List<(DateTimeOffset At, int Index)>();
        for (var t = 0; t < rules.Tiers.Length; t++)
            if (HasBreached(wait, t))
                breached.Add((rules.Policy.BreachAt(rules.Tiers[t], wait.Opened), t));
        return [.. breached.OrderBy(b => b.At).ThenBy(b => b.Index).Select(b => rules.Tiers[b.Index])];
    }

    private int OpenWaitIndex() => waitCount > 0 && waits[waitCount - 1].Closed is null ? waitCount - 1 : -1;

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private readonly record struct Message(long Id, DateTimeOffset At, int WaitId);

    [System.Runtime.CompilerServices.InlineArray(2)]
    private struct TwoMessages
    {
        private Message first;
    }

    [System.Runtime.CompilerServices.InlineArray(1)]
    private struct OneWait
    {
        private FoldedWait first;
    }

    /// <summary>What a fold needs of its policy, worked out once for all conversations.</summary>
    public sealed class Rules
    {
        private Rules(ConversationPolicy policy)
        {
            Policy = policy;
            Tiers = [.. policy.Tiers];
            Thresholds = [.. policy.ClaimThresholds.Select(c => (Array.IndexOf(Tiers, c.Key), c.Value))];
        }

        public ConversationPolicy Policy { get; }

        internal TimeSpan[] Tiers { get; }

        internal (int Index, int Threshold)[] Thresholds { get; }

        /// <summary>
        /// The rules of <paramref name="policy"/>, or null when the decider must see every command itself: the policy
        /// is missing or invalid (the decider refuses to open under it), or it has more than <see cref="MaxTiers"/> tiers.
        /// </summary>
        public static Rules? For(ConversationPolicy? policy)
        {
            try
            {
                return policy is not null && policy.Validate() is null && policy.Tiers.Length <= MaxTiers ? new Rules(policy) : null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return null;
            }
        }
    }
}

/// <summary>A wait of a <see cref="ConversationFold"/>; it always counts (a replay excuses and excludes nothing).</summary>
public struct FoldedWait
{
    internal FoldedWait(int id, DateTimeOffset opened)
    {
        Id = id;
        Opened = opened;
    }

    public int Id { get; }

    public DateTimeOffset Opened { get; }

    public DateTimeOffset? Closed { get; private set; }

    /// <summary>Bit t set: tier t of the policy breached.</summary>
    public ulong Breached { get; internal set; }

    internal void Close(DateTimeOffset at) => Closed = at;
}
