using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Policies;
using static Pledge.Domain.Conversations.ConversationCommand;

namespace Pledge.Domain.Tests;

/// <summary>
/// Runs one conversation the way a host does: commands one at a time, and every listed deadline fired at its
/// due time (in due order) when the clock passes it — unless a test turns firing off to check catch-up.
/// </summary>
internal sealed class ConversationHarness
{
    private readonly ConversationDecider decider = new();
    private int messages;

    public ConversationHarness(ConversationPolicy policy, DateTimeOffset start, string? owner = "talent", string? customer = "buyer", bool fireDeadlines = true)
    {
        Now = start;
        FiresDeadlines = fireDeadlines;
        Expect(Send(new Open(policy, owner, customer)));
    }

    public bool FiresDeadlines { get; set; }

    public DateTimeOffset Now { get; private set; }

    public ConversationState State { get; private set; } = ConversationState.Initial;

    public List<ConversationEvent> Events { get; } = [];

    public ConversationView View => ConversationView.Of("c1", State);

    public IReadOnlyList<Deadline> Deadlines => decider.Deadlines(State).ToList();

    public Decision<ConversationEvent> Send(ConversationCommand command)
    {
        var decision = decider.Decide(command, State, Now);
        foreach (var @event in decision.Events)
        {
            State = decider.Evolve(State, @event);
            Events.Add(@event);
        }
        return decision;
    }

    public void AdvanceTo(DateTimeOffset time)
    {
        while (FiresDeadlines && decider.Deadlines(State).Where(d => d.DueAt <= time).MinBy(d => d.DueAt) is { } due)
        {
            Now = due.DueAt;
            Expect(Send(decider.OnDeadline(due)));
        }
        if (time > Now)
            Now = time;
    }

    public void Advance(TimeSpan by) => AdvanceTo(Now + by);

    public Decision<ConversationEvent> Customer(DateTimeOffset at, string? id = null) => Message(Party.Customer, at, id);

    public Decision<ConversationEvent> Agent(DateTimeOffset at, string? id = null) => Message(Party.Agent, at, id);

    public Decision<ConversationEvent> Message(Party from, DateTimeOffset at, string? id = null)
    {
        AdvanceTo(at);
        return Expect(Send(new ReceiveMessage(id ?? $"m{++messages}", from, from == Party.Agent ? "talent" : "buyer", "text of the message", at)));
    }

    public IEnumerable<T> EventsOf<T>() => Events.OfType<T>();

    public static Decision<ConversationEvent> Expect(Decision<ConversationEvent> decision)
    {
        Assert.True(decision.IsAccepted, decision.Rejection?.ToString());
        return decision;
    }
}
