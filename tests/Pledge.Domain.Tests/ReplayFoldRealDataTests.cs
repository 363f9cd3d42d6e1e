using System.Globalization;
using System.Text.Json;
using Pledge.Cli;
using Pledge.Domain.Policies;

namespace Pledge.Domain.Tests;

/// <summary>
/// The replay's in-place fold against the decide → evolve fold (the same engine with nothing folded in place) on the real
/// conversations of the shared data (<c>conversations/ibm-dev.jsonl</c>, copied to <c>tests/data</c>; Apache-2.0):
/// in file order, in time order across conversations (as a log would hold them), and repeated under new ids the way
/// the benchmark feeds them, under every preset policy, with and without <c>until</c>.
/// </summary>
public sealed class ReplayFoldRealDataTests
{
    public static TheoryData<string, string?, string> Runs()
    {
        var runs = new TheoryData<string, string?, string>();
        foreach (var policy in PolicyPresets.All)
            foreach (var until in new string?[] { null, "2020-03-27T22:40:00Z", "2020-03-20T12:00:00Z" })
                foreach (var order in new[] { "file", "time", "repeated" })
                    runs.Add(policy.Name, until, order);
        return runs;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_fold_reports_the_real_conversations_as_the_decider_does(string policyName, string? untilText, string order)
    {
        var policy = PolicyPresets.Find(policyName)!;
        DateTimeOffset? until = untilText is null ? null : DateTimeOffset.Parse(untilText, CultureInfo.InvariantCulture);
        var source = File.ReadLines(ReplayRun.DataFile("ibm-dev.jsonl"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize(l, ReplayJsonContext.Default.ReplayLine)!)
            .ToArray();
        Assert.Equal(1211, source.Length);
        var lines = order switch
        {
            "file" => source,
            "time" => [.. source.OrderBy(l => l.At)],
            _ => [.. Enumerable.Range(0, 3 * source.Length).Select(i => source[i % source.Length] with { Conversation = $"{source[i % source.Length].Conversation}~{i / source.Length}" })],
        };

        var fast = new ReplayEngine(policy, until);
        var reference = new ReplayEngine(policy, until, foldInPlace: false);
        for (var i = 0; i < lines.Length; i++)
        {
            fast.Apply(lines[i], i + 1);
            reference.Apply(lines[i], i + 1);
        }
        Assert.Equal(reference.LatestAt, fast.LatestAt);
        var end = until ?? fast.LatestAt!.Value;

        var expected = ReplayFoldPropertyTests.Finish(reference.Finish, end);
        var actual = ReplayFoldPropertyTests.Finish(fast.Finish, end);
        Assert.Equal("accepted", expected.Outcome);
        Assert.Equal(expected, actual);
        // Not a vacuous comparison: the run has breaches and owners.
        Assert.Contains("\"breaches\":{\"P", actual.Conversations);
        Assert.Matches("\"breaches\":\\{[^}]*:[1-9]", actual.Conversations);
        Assert.NotEmpty(actual.Owners);
    }
}
