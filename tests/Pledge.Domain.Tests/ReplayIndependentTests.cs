using System.Globalization;
using System.Text.Json;

namespace Pledge.Domain.Tests;

/// <summary>
/// Re-computes every conversation and owner of the real data with a deliberately plain, separate
/// implementation of the rules (no decider, no policy records, no calendar classes) and compares it with the
/// replay report, figure by figure.
/// </summary>
public sealed class ReplayIndependentTests
{
    private sealed record Line(string Conversation, DateTimeOffset At, bool FromCustomer, string Author);

    private sealed record Rules(string Policy, TimeSpan[] Tiers, Dictionary<TimeSpan, int> Claims, Func<DateTimeOffset, TimeSpan, DateTimeOffset> Limit);

    private static readonly Func<DateTimeOffset, TimeSpan, DateTimeOffset> Elapsed = (opened, tier) => opened + tier;

    public static TheoryData<string, string?> Runs => new()
    {
        { "talent-chat", null },
        { "talent-chat", "2020-03-27T22:40:00Z" },
        { "marketplace-seller-chat", null },
        { "support-email", "2020-03-20T12:00:00Z" },
        { "consumer-complaint", null },
        { "consumer-complaint", "2020-03-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Replay_agrees_with_an_independent_computation_for_every_conversation(string policy, string? until)
    {
        var input = ReplayRun.DataFile("ibm-dev.jsonl");
        var args = until is null ? new[] { "--policy", policy, "--input", input } : ["--policy", policy, "--input", input, "--until", until];
        var (report, _, _) = await ReplayRun.RunAsync(args);

        var rules = RulesOf(policy);
        var lines = File.ReadLines(input).Select(Parse).ToList();
        var end = until is null ? lines.Max(l => l.At) : DateTimeOffset.Parse(until, CultureInfo.InvariantCulture);
        Assert.Equal(end, DateTimeOffset.Parse(report.RootElement.GetProperty("until").GetString()!, CultureInfo.InvariantCulture));

        var conversations = lines.Where(l => l.At <= end).GroupBy(l => l.Conversation).ToList();
        var actual = report.RootElement.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal(conversations.Select(c => c.Key), actual.Select(c => c.GetProperty("id").GetString()));

        var owners = new Dictionary<string, (Dictionary<TimeSpan, int> Decided, Dictionary<TimeSpan, int> Within)>();
        foreach (var (conversation, reported) in conversations.Zip(actual))
        {
            var waits = new List<(DateTimeOffset Opened, DateTimeOffset? Closed)>();
            DateTimeOffset? open = null;
            foreach (var line in conversation)
            {
                if (line.FromCustomer)
                    open ??= line.At;
                else if (open is { } opened)
                {
                    waits.Add((opened, line.At));
                    open = null;
                }
            }
            if (open is { } stillOpen)
                waits.Add((stillOpen, null));
            var owner = conversation.FirstOrDefault(l => !l.FromCustomer)?.Author;

            Assert.Equal(owner, reported.GetProperty("owner").GetString());
            var reportedWaits = reported.GetProperty("waits").EnumerateArray().ToList();
            Assert.Equal(waits.Count, reportedWaits.Count);
            foreach (var (wait, shown) in waits.Zip(reportedWaits))
            {
                Assert.Equal(wait.Opened, DateTimeOffset.Parse(shown.GetProperty("opened").GetString()!, CultureInfo.InvariantCulture));
                if (wait.Closed is { } closed)
                {
                    Assert.Equal(closed, DateTimeOffset.Parse(shown.GetProperty("closed").GetString()!, CultureInfo.InvariantCulture));
                    Assert.Equal((closed - wait.Opened).TotalSeconds, shown.GetProperty("seconds").GetDouble());
                }
                else
                {
                    Assert.Equal(JsonValueKind.Null, shown.GetProperty("closed").ValueKind);
                }
            }

            var eligible = false;
            foreach (var tier in rules.Tiers)
            {
                // Strictly longer than the tier, answered or still open at the end.
                var breaches = waits.Count(w => (w.Closed ?? end) > rules.Limit(w.Opened, tier));
                Assert.Equal(breaches, reported.GetProperty("breaches").GetProperty(Iso(tier)).GetInt32());
                eligible |= rules.Claims.TryGetValue(tier, out var threshold) && breaches >= threshold;
            }
            Assert.Equal(eligible, reported.GetProperty("claimEligible").GetBoolean());

            if (owner is null)
                continue;
            if (!owners.TryGetValue(owner, out var counts))
                owners[owner] = counts = (rules.Tiers.ToDictionary(t => t, _ => 0), rules.Tiers.ToDictionary(t => t, _ => 0));
            foreach (var tier in rules.Tiers)
            {
                foreach (var (opened, closed) in waits)
                {
                    var limit = rules.Limit(opened, tier);
                    if (closed is not null || end > limit)
                        counts.Decided[tier]++;
                    if (closed is { } answered && answered <= limit)
                        counts.Within[tier]++;
                }
            }
        }

        var reportedOwners = report.RootElement.GetProperty("owners").EnumerateArray().ToList();
        Assert.Equal(owners.Keys.Order(StringComparer.Ordinal), reportedOwners.Select(o => o.GetProperty("id").GetString()));
        foreach (var reported in reportedOwners)
        {
            var (decided, within) = owners[reported.GetProperty("id").GetString()!];
            foreach (var tier in rules.Tiers)
            {
                Assert.Equal(decided[tier], reported.GetProperty("decided").GetProperty(Iso(tier)).GetInt32());
                Assert.Equal(within[tier], reported.GetProperty("within").GetProperty(Iso(tier)).GetInt32());
                var rate = reported.GetProperty("responseRate").GetProperty(Iso(tier));
                if (decided[tier] == 0)
                    Assert.Equal(JsonValueKind.Null, rate.ValueKind);
                else
                    Assert.Equal((double)within[tier] / decided[tier], rate.GetDouble());
            }
        }
    }

    private static Rules RulesOf(string policy) => policy switch
    {
        "talent-chat" => new(policy, [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)],
            new() { [TimeSpan.FromMinutes(2)] = 5, [TimeSpan.FromMinutes(5)] = 3 }, Elapsed),
        "marketplace-seller-chat" => new(policy, [TimeSpan.FromHours(12)], [], Elapsed),
        "support-email" => new(policy, [TimeSpan.FromHours(24)], [], Elapsed),
        "consumer-complaint" => new(policy, [TimeSpan.FromDays(7)], [], SevenBrazilianBusinessDays()),
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    /// <summary>Same São Paulo wall-clock time on the 7th following Mon–Fri that is not a Brazilian holiday.</summary>
    private static Func<DateTimeOffset, TimeSpan, DateTimeOffset> SevenBrazilianBusinessDays()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        using var holidays = JsonDocument.Parse(File.ReadAllText(ReplayRun.DataFile(Path.Combine("holidays", "BR.json"))));
        var dates = holidays.RootElement.EnumerateObject().Select(p => DateTime.ParseExact(p.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        return (opened, tier) =>
        {
            var local = TimeZoneInfo.ConvertTime(opened, zone).DateTime;
            var day = local.Date;
            for (var found = 0; found < tier.Days;)
            {
                day = day.AddDays(1);
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !dates.Contains(day))
                    found++;
            }
            var dueLocal = day + local.TimeOfDay;
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(dueLocal, zone), TimeSpan.Zero);
        };
    }

    private static Line Parse(string text)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return new Line(
            root.GetProperty("conversation").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
            root.GetProperty("from").GetString() == "customer",
            root.GetProperty("author").GetString()!);
    }

    private static string Iso(TimeSpan tier) => System.Xml.XmlConvert.ToString(tier);
}
