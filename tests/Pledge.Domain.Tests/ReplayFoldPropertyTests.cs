using System.Collections.Immutable;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Pledge.Cli;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Tests;

/// <summary>
/// The replay's in-place fold (<see cref="ReplayEngine"/>, <see cref="ConversationFold"/>) against the decide → evolve
/// fold it replaces (the same engine with nothing folded in place: every line through decide → evolve): on generated inputs — interleaved
/// conversations, bursts, answers on and around every tier's breach instant, sub-microsecond times, repeated and
/// out-of-order message ids, lines going back in time, invalid authors and parties, every preset policy, with and
/// without <c>until</c>, ends before and after the last line — every line has the same outcome (accepted, or the same
/// error), every conversation's state is the same after every line, and the reports are the same figure for figure.
/// </summary>
public sealed class ReplayFoldPropertyTests
{
    private static readonly DateTimeOffset Start = new(2020, 3, 20, 17, 58, 0, TimeSpan.Zero);

    /// <summary>One input line: which conversation, who, from which party, after how long, under which line number.</summary>
    private sealed record Step(int Conversation, string Author, Party From, long GapTicks, int NumberShift)
    {
        public override string ToString() => $"c{Conversation} {From}:{(Author.Length > 12 ? Author[..12] + "…" : Author)} +{TimeSpan.FromTicks(GapTicks)} #{NumberShift}";
    }

    private sealed record Case(ConversationPolicy Policy, Step[] Steps, long? UntilTicks, long? EndShiftTicks)
    {
        public override string ToString() =>
            $"{Policy.Name} until {UntilTicks} end {EndShiftTicks}: {string.Join(" | ", Steps.Select(s => s.ToString()))}";
    }

    private static readonly TimeSpan[] Tiers = [.. PolicyPresets.All.SelectMany(p => p.Tiers).Distinct()];

    private static Gen<long> Gap(bool noisy) =>
        Gen.Frequency(
            (3, Gen.Choose(0, 400).Select(s => s * TimeSpan.TicksPerSecond)),
            // On, just before and just after a tier's breach instant (opened + tier + 1 µs), to the tick.
            (3, from tier in Gen.Elements(Tiers)
                from delta in Gen.Choose(-12, 12)
                select Math.Max(0, tier.Ticks + delta)),
            (1, Gen.Constant(0L)),
            (1, Gen.Choose(0, 30).Select(t => (long)t)),
            (1, Gen.Choose(1, 20 * 24 * 60).Select(m => m * TimeSpan.TicksPerMinute)),
            (noisy ? 1 : 0, Gen.Choose(-600, -1).Select(s => s * TimeSpan.TicksPerSecond)));

    private static Gen<Step> StepOf(bool noisy) =>
        from conversation in Gen.Frequency((6, Gen.Choose(0, 3)), (1, Gen.Choose(4, 40)))
        from author in Gen.Frequency(
            (20, Gen.Elements("ana", "bob", "cy", "dee", "Émile")),
            (noisy ? 1 : 0, Gen.Elements(" ", "", new string('x', 201), new string('y', 200))))
        from party in Gen.Frequency((10, Gen.Elements(Party.Customer, Party.Agent)), (noisy ? 1 : 0, Gen.Constant((Party)7)))
        from gap in Gap(noisy)
        // 0: the next line number; otherwise a repeat (or a jump back) of the one that many lines before.
        from shift in Gen.Frequency((30, Gen.Constant(0)), (noisy ? 2 : 0, Gen.Choose(1, 6)))
        select new Step(conversation, author, party, gap, shift);

    private static Arbitrary<Case> Cases(bool noisy) =>
        (from policy in Gen.Elements(PolicyPresets.All.ToArray())
         from steps in Gen.Sized(size => Gen.Choose(0, 3 * size + 5).SelectMany(n => Gen.ArrayOf(StepOf(noisy), n)))
         from until in Gen.Frequency((3, Gen.Constant<long?>(null)), (1, Gen.Choose(0, 48 * 60).Select(m => (long?)(m * TimeSpan.TicksPerMinute))))
         from end in Gen.Frequency((4, Gen.Constant<long?>(null)), (1, Gen.Choose(-600, 600 * 60).Select(s => (long?)(s * TimeSpan.TicksPerSecond))))
         select new Case(policy, steps, until, end)).ToArbitrary();

    [Fact]
    public void The_fold_agrees_with_the_decider_on_inputs_the_decider_takes() =>
        Prop.ForAll(Cases(noisy: false), Agrees).Check(Config.QuickThrowOnFailure.WithMaxTest(1500).WithEndSize(40));

    [Fact]
    public void The_fold_agrees_with_the_decider_on_inputs_it_refuses_or_ignores() =>
        Prop.ForAll(Cases(noisy: true), Agrees).Check(Config.QuickThrowOnFailure.WithMaxTest(1500).WithEndSize(40));

    [Fact]
    public void A_conversation_whose_first_line_was_refused_and_a_later_one_folded_is_reported_as_the_decider_reports_it() =>
        Agrees(new Case(PolicyPresets.TalentChat,
        [
            new Step(1, "ana", Party.Customer, 0, 0),
            new Step(3, "emile", (Party)7, TimeSpan.TicksPerSecond, 0),
            new Step(2, "bob", Party.Customer, TimeSpan.TicksPerSecond, 0),
            new Step(3, "dee", Party.Agent, TimeSpan.TicksPerMinute, 0),
        ], UntilTicks: null, EndShiftTicks: null));

    private static void Agrees(Case c)
    {
        DateTimeOffset? until = c.UntilTicks is { } u ? Start.AddTicks(u) : null;
        var fast = new ReplayEngine(c.Policy, until);
        var reference = new ReplayEngine(c.Policy, until, foldInPlace: false);
        var at = Start;
        var numbers = new List<long>();
        foreach (var step in c.Steps)
        {
            at = at.AddTicks(step.GapTicks);
            var number = step.NumberShift == 0 || numbers.Count < step.NumberShift ? numbers.Count + 1L : numbers[^step.NumberShift];
            numbers.Add(number);
            var line = new ReplayLine($"c{step.Conversation}", at, step.From, step.Author, "hi");

            var expected = Outcome(() => reference.Apply(line, number));
            Assert.Equal(expected, Outcome(() => fast.Apply(line, number)));
            Assert.Equal(reference.LatestAt, fast.LatestAt);
            Assert.Equal(reference.ConversationCount, fast.ConversationCount);
            Assert.Equal(Canonical(reference.StateOf(line.Conversation)), Canonical(fast.StateOf(line.Conversation)));
        }

        var end = (until ?? fast.LatestAt ?? Start) + TimeSpan.FromTicks(c.EndShiftTicks ?? 0);
        Assert.Equal(Finish(reference.Finish, end), Finish(fast.Finish, end));
        Assert.Equal(reference.ConversationCount, fast.ConversationCount);
    }

    /// <summary>An engine's report at <paramref name="end"/> as JSON, and how it ended.</summary>
    internal static (string Conversations, string Owners, string Outcome) Finish(
        Func<DateTimeOffset, Action<ReplayConversation>, IReadOnlyList<Domain.Owners.OwnerView>> finish, DateTimeOffset end)
    {
        var conversations = new List<string>();
        IReadOnlyList<Domain.Owners.OwnerView> owners = [];
        var outcome = Outcome(() => owners = finish(end, r => conversations.Add(JsonSerializer.Serialize(r, ReplayJsonContext.Default.ReplayConversation))));
        return (string.Join("\n", conversations), string.Join("\n", owners.Select(o => JsonSerializer.Serialize(o, ReplayJsonContext.Default.OwnerView))), outcome);
    }

    private static string Outcome(Action apply)
    {
        try
        {
            apply();
            return "accepted";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>The state as JSON, message ids sorted (a set's JSON order is its hash order).</summary>
    private static string? Canonical(ConversationState? state) =>
        state is null
            ? null
            : JsonSerializer.Serialize(state with { MessageIds = ImmutableHashSet<string>.Empty }, ConversationJsonContext.Default.ConversationState)
              + " ids " + string.Join(",", state.MessageIds.Order(StringComparer.Ordinal));
}
