using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationCommand;

namespace Pledge.Cli;

/// <summary>
/// Runs replay lines through the service's <see cref="ConversationDecider"/>, one conversation state each
/// (no event is kept). The replay clock is the events' own time: before each message, the conversation's
/// deadlines due by then fire in time order; at the end, those due by <c>until</c>.
/// The owner is the author of the first agent message (the conversation is reassigned to them then), the
/// customer the author of the first customer message. Lines dated after an explicit <c>until</c> have not
/// happened yet and are skipped.
/// <para>
/// A conversation is folded in place (<see cref="ConversationFold"/>) while its lines are ones the decider takes;
/// at the first line it would refuse or ignore, the conversation's state goes to the decider itself, which then
/// decides every later line of it. Either way the figures are the decider's.
/// </para>
/// </summary>
public sealed class ReplayEngine(ConversationPolicy policy, DateTimeOffset? until = null)
{
    private readonly ConversationDecider decider = new();
    private readonly ConversationFold.Rules? rules = ConversationFold.Rules.For(policy);
    private readonly Dictionary<string, ConversationFold> folds = new(StringComparer.Ordinal);
    // Conversations that left the fold: rare (a repeated message id, or the line that stops the replay).
    private readonly Dictionary<string, ConversationState> states = new(StringComparer.Ordinal);
    // Each conversation by its first line, with the fold it opened with (null: the decider had it from the start), so
    // that the report walks them in order without looking each one up again.
    private readonly List<(string Id, ConversationFold? Fold)> order = [];
    // Once a line has gone to the decider, a conversation may have left its fold, or be listed twice (its first line
    // refused, a later one folded): the report then finds each one as it is now.
    private bool decided;

    /// <summary>Every line through decide → evolve, nothing folded in place: the reference the fold is held to.</summary>
    internal ReplayEngine(ConversationPolicy policy, DateTimeOffset? until, bool foldInPlace) : this(policy, until)
    {
        if (!foldInPlace) rules = null;
    }

    /// <summary>The latest <c>at</c> of all lines applied so far.</summary>
    public DateTimeOffset? LatestAt { get; private set; }

    public int ConversationCount => order.Count;

    /// <summary>Applies one line; a line the decider refuses stops the replay with its number.</summary>
    public void Apply(ReplayLine line, long lineNumber)
    {
        if (until is { } end && line.At > end)
            return;
        LatestAt = LatestAt is { } latest && latest > line.At ? latest : line.At;

        if (rules is not null)
        {
            if (folds.TryGetValue(line.Conversation, out var fold))
            {
                if (fold.Accepts(lineNumber, line.From, line.Author, line.At))
                {
                    fold.FireDeadlines(line.At);
                    if (line.From == Party.Agent && fold.Owner is null)
                        fold.Reassign(line.Author, null);
                    if (line.From == Party.Customer && fold.Customer is null)
                        fold.Reassign(null, line.Author);
                    fold.Receive(lineNumber, line.From, line.At);
                    return;
                }
            }
            else if (states.Count == 0 || !states.ContainsKey(line.Conversation))
            {
                fold = line.From == Party.Agent ? new ConversationFold(rules, line.Author, null) : new ConversationFold(rules, null, line.Author);
                if (fold.Accepts(lineNumber, line.From, line.Author, line.At))
                {
                    order.Add((line.Conversation, fold));
                    folds.Add(line.Conversation, fold);
                    fold.Receive(lineNumber, line.From, line.At);
                    return;
                }
            }
        }
        Decide(line, lineNumber);
    }

    /// <summary>The decider's state of a conversation so far (for tests), or null before its first line.</summary>
    internal ConversationState? StateOf(string conversation) =>
        folds.TryGetValue(conversation, out var fold) ? fold.ToState() : states.GetValueOrDefault(conversation);

    /// <summary>
    /// Fires what is due by <paramref name="end"/> and hands each conversation (in order of its first line) to
    /// <paramref name="report"/>, releasing its state; returns the owners' response rates, by owner id.
    /// </summary>
    public IReadOnlyList<OwnerView> Finish(DateTimeOffset end, Action<ReplayConversation> report)
    {
        var owners = new Dictionary<string, OwnerCounts>(StringComparer.Ordinal);
        BreachTallies? breaches = null;
        foreach (var (id, opened) in order)
        {
            var fold = opened;
            if (decided)
                folds.Remove(id, out fold);
            if (fold is not null)
            {
                fold.FireDeadlines(end);
                report(Report(id, fold, breaches ??= new BreachTallies(policy.Tiers)));
                if (fold.Owner is { } owner)
                    CountsOf(owners, owner).Add(policy, fold.Waits, end);
            }
            else
            {
                var state = FireDeadlines(states[id], end, lineNumber: null);
                states.Remove(id);
                var view = ConversationView.Of(id, state);
                report(new ReplayConversation(
                    id,
                    state.Owner,
                    [.. view.Waits.Select(w => new ReplayWait(w.Opened.UtcDateTime, w.Closed?.UtcDateTime, w.Seconds))],
                    view.Breaches,
                    view.ClaimEligible));
                if (state.Owner is { } owner)
                    CountsOf(owners, owner).Add(ResponseRates.Of(policy, state.Waits, end));
            }
        }
        order.Clear();
        folds.Clear();
        return [.. owners.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => OwnerView.Of(o.Key, o.Value.ToCounts()))];

        OwnerCounts CountsOf(Dictionary<string, OwnerCounts> all, string owner)
        {
            ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(all, owner, out _);
            return counts ??= new OwnerCounts(policy.Tiers);
        }
    }

    /// <summary>What <see cref="ConversationView.Of"/> shows of a folded conversation.</summary>
    private static ReplayConversation Report(string id, ConversationFold fold, BreachTallies breaches)
    {
        var waits = fold.Waits;
        var shown = new ReplayWait[waits.Length];
        var sorted = true;
        for (var i = 0; i < waits.Length; i++)
        {
            var w = waits[i];
            shown[i] = new ReplayWait(w.Opened.UtcDateTime, w.Closed?.UtcDateTime, (w.Closed - w.Opened)?.TotalSeconds);
            sorted &= i == 0 || waits[i - 1].Opened <= w.Opened;
        }
        if (!sorted)
        {
            // The view lists waits by opening time, then id (the fold's order already, as a later wait opens no earlier).
            var keys = new (DateTimeOffset, int)[waits.Length];
            for (var i = 0; i < waits.Length; i++)
                keys[i] = (waits[i].Opened, waits[i].Id);
            Array.Sort(keys, shown);
        }
        return new ReplayConversation(id, fold.Owner, ImmutableCollectionsMarshal.AsImmutableArray(shown), breaches.Of(waits), fold.ClaimEligible);
    }

    /// <summary>A conversation the fold cannot take on: the decider decides this line and every later one.</summary>
    private void Decide(ReplayLine line, long lineNumber)
    {
        decided = true;
        ConversationState state;
        if (folds.Remove(line.Conversation, out var fold))
        {
            state = fold.ToState();
        }
        else if (!states.TryGetValue(line.Conversation, out state!))
        {
            order.Add((line.Conversation, null));
            state = Run(decider.Initial, line.From == Party.Agent ? new Open(policy, line.Author, null) : new Open(policy, null, line.Author), line.At, lineNumber);
        }
        try
        {
            state = FireDeadlines(state, line.At, lineNumber);
            if (line.From == Party.Agent && state.Owner is null)
                state = Run(state, new Open(policy, line.Author, null), line.At, lineNumber);
            if (line.From == Party.Customer && state.Customer is null)
                state = Run(state, new Open(policy, null, line.Author), line.At, lineNumber);
            state = Run(state, new ReceiveMessage(lineNumber.ToString(), line.From, line.Author, line.Text, line.At), line.At, lineNumber);
        }
        catch when (fold is not null)
        {
            // A refused line leaves the conversation as it was before it.
            folds[line.Conversation] = fold;
            throw;
        }
        states[line.Conversation] = state;
    }

    private ConversationState FireDeadlines(ConversationState state, DateTimeOffset upTo, long? lineNumber)
    {
        while (ConversationDecider.NextDeadlineAt(state) <= upTo && Earliest(decider.Deadlines(state)) is { } due)
            state = Run(state, decider.OnDeadline(due), due.DueAt, lineNumber);
        return state;
    }

    private static Deadline? Earliest(IEnumerable<Deadline> deadlines)
    {
        Deadline? earliest = null;
        foreach (var d in deadlines)
            if (earliest is null || d.DueAt < earliest.DueAt)
                earliest = d;
        return earliest;
    }

    private ConversationState Run(ConversationState state, ConversationCommand command, DateTimeOffset now, long? lineNumber)
    {
        var decision = decider.Decide(command, state, now);
        if (decision.Rejection is { } rejection)
            throw new CliException(lineNumber is null
                ? $"{Describe(rejection)}"
                : $"line {lineNumber}: {Describe(rejection)}");
        foreach (var e in decision.Events)
            state = decider.Evolve(state, e);
        return state;
    }

    private static string Describe(Rejection rejection) =>
        rejection.Field is null ? rejection.Message : $"'{rejection.Field}': {rejection.Message}";

    /// <summary>
    /// <see cref="ConversationState.Breaches"/> of folded conversations. Most conversations share a handful of tallies,
    /// and their (immutable) dictionaries are made once each.
    /// </summary>
    private sealed class BreachTallies(ImmutableArray<TimeSpan> tiers)
    {
        private readonly Dictionary<ulong, ImmutableSortedDictionary<TimeSpan, int>> made = [];
        private readonly int[] counts = new int[tiers.Length];

        public ImmutableSortedDictionary<TimeSpan, int> Of(ReadOnlySpan<FoldedWait> waits)
        {
            Array.Clear(counts);
            foreach (var wait in waits)
                for (var t = 0; t < counts.Length; t++)
                    if (ConversationFold.HasBreached(wait, t))
                        counts[t]++;
            if (counts.Length > 4 || Array.Exists(counts, c => c > ushort.MaxValue))
                return Make();
            var key = 0UL;
            foreach (var c in counts)
                key = key << 16 | (uint)c;
            if (!made.TryGetValue(key, out var tally))
                made[key] = tally = Make();
            return tally;
        }

        private ImmutableSortedDictionary<TimeSpan, int> Make()
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<TimeSpan, int>();
            for (var t = 0; t < counts.Length; t++)
                builder.Add(tiers[t], counts[t]);
            return builder.ToImmutable();
        }
    }

    /// <summary>An owner's <see cref="ResponseRateCounts"/> summed in place, per tier of the policy.</summary>
    private sealed class OwnerCounts(ImmutableArray<TimeSpan> tiers)
    {
        private readonly int[] decided = new int[tiers.Length];
        private readonly int[] within = new int[tiers.Length];

        /// <summary>As <see cref="ResponseRates.Of"/> at <paramref name="at"/> (a fold's waits all count).</summary>
        public void Add(ConversationPolicy policy, ReadOnlySpan<FoldedWait> waits, DateTimeOffset at)
        {
            foreach (var wait in waits)
            {
                if (wait.Opened > at)
                    continue;
                var closed = wait.Closed <= at ? wait.Closed : null;
                for (var t = 0; t < tiers.Length; t++)
                {
                    var breachAt = policy.BreachAt(tiers[t], wait.Opened);
                    if (closed is { } answered)
                    {
                        decided[t]++;
                        if (answered < breachAt)
                            within[t]++;
                    }
                    else if (at >= breachAt)
                    {
                        decided[t]++;
                    }
                }
            }
        }

        public void Add(ResponseRateCounts counts)
        {
            for (var t = 0; t < tiers.Length; t++)
            {
                decided[t] += counts.Decided.GetValueOrDefault(tiers[t]);
                within[t] += counts.Within.GetValueOrDefault(tiers[t]);
            }
        }

        public ResponseRateCounts ToCounts()
        {
            var d = ImmutableSortedDictionary.CreateBuilder<TimeSpan, int>();
            var w = ImmutableSortedDictionary.CreateBuilder<TimeSpan, int>();
            for (var t = 0; t < tiers.Length; t++)
            {
                d.Add(tiers[t], decided[t]);
                w.Add(tiers[t], within[t]);
            }
            return new ResponseRateCounts(d.ToImmutable(), w.ToImmutable());
        }
    }
}
