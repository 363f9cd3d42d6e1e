using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using Pledge.Domain.Policies;
using Pledge.Cli;
using static Pledge.Domain.Conversations.ConversationCommand;

namespace Pledge.Domain.Tests;

/// <summary>
/// The replay engine as it was before the in-place fold (commit dafb384, verbatim but for its name): every line
/// through <see cref="ConversationDecider"/> decide → evolve. The reference the fast <see cref="ReplayEngine"/>
/// is held to. The original summary follows.
/// </summary>
/// <remarks>
/// Runs replay lines through the service's <see cref="ConversationDecider"/>, one conversation state each
/// (no event is kept). The replay clock is the events' own time: before each message, the conversation's
/// deadlines due by then fire in time order; at the end, those due by <c>until</c>.
/// The owner is the author of the first agent message (the conversation is reassigned to them then), the
/// customer the author of the first customer message. Lines dated after an explicit <c>until</c> have not
/// happened yet and are skipped.
/// </remarks>
public sealed class ReferenceReplayEngine(ConversationPolicy policy, DateTimeOffset? until = null)
{
    private readonly ConversationDecider decider = new();
    private readonly Dictionary<string, ConversationState> states = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>The latest <c>at</c> of all lines applied so far.</summary>
    public DateTimeOffset? LatestAt { get; private set; }

    public int ConversationCount => order.Count;

    /// <summary>(Added for the tests.) The state of a conversation so far, or null before its first line.</summary>
    public ConversationState? StateOf(string conversation) => states.GetValueOrDefault(conversation);

    /// <summary>Applies one line; a line the decider refuses stops the replay with its number.</summary>
    public void Apply(ReplayLine line, long lineNumber)
    {
        if (until is { } end && line.At > end)
            return;
        LatestAt = LatestAt is { } latest && latest > line.At ? latest : line.At;

        if (!states.TryGetValue(line.Conversation, out var state))
        {
            order.Add(line.Conversation);
            state = Run(decider.Initial, line.From == Party.Agent ? new Open(policy, line.Author, null) : new Open(policy, null, line.Author), line.At, lineNumber);
        }
        state = FireDeadlines(state, line.At, lineNumber);
        if (line.From == Party.Agent && state.Owner is null)
            state = Run(state, new Open(policy, line.Author, null), line.At, lineNumber);
        if (line.From == Party.Customer && state.Customer is null)
            state = Run(state, new Open(policy, null, line.Author), line.At, lineNumber);
        state = Run(state, new ReceiveMessage(lineNumber.ToString(), line.From, line.Author, line.Text, line.At), line.At, lineNumber);
        states[line.Conversation] = state;
    }

    /// <summary>
    /// Fires what is due by <paramref name="end"/> and hands each conversation (in order of its first line) to
    /// <paramref name="report"/>, releasing its state; returns the owners' response rates, by owner id.
    /// </summary>
    public IReadOnlyList<OwnerView> Finish(DateTimeOffset end, Action<ReplayConversation> report)
    {
        var owners = new SortedDictionary<string, ResponseRateCounts>(StringComparer.Ordinal);
        foreach (var id in order)
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
                owners[owner] = owners.GetValueOrDefault(owner, ResponseRateCounts.For(policy.Tiers))
                    .Plus(ResponseRates.Of(policy, state.Waits, end));
        }
        order.Clear();
        return [.. owners.Select(o => OwnerView.Of(o.Key, o.Value))];
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
}
