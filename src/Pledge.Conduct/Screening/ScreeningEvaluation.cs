using System.Text;

namespace Pledge.Conduct.Screening;

/// <summary>A message with its gold labels, as in the shared content sets (<c>{"lang","text","labels"}</c>).</summary>
public sealed record LabelledMessage(string Text, IReadOnlyList<string> Labels);

/// <summary>Counts for one evaluated category.</summary>
public sealed record CategoryScore(string Category, int Messages, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// How screening is measured on labelled sets: which gold labels map to which categories (the issue's
/// mapping), and a deterministic split of every set into a tune half and a check half by a hash of the text,
/// so that figures on the half the lexicons were not tuned on show whether they were over-fitted.
/// </summary>
public static class ScreeningEvaluation
{
    /// <summary>The categories that make a message "offensive".</summary>
    public static readonly IReadOnlySet<ScreeningCategory> Offensive = new HashSet<ScreeningCategory>
    {
        ScreeningCategory.Profanity, ScreeningCategory.Insult, ScreeningCategory.SexualHarassment,
        ScreeningCategory.Threat, ScreeningCategory.Discrimination,
    };

    private sealed record Task(string Name, Func<IReadOnlyList<string>, bool> Gold, Func<ScreeningResult, bool> Predicted);

    private static Task Category(string name, ScreeningCategory category, params string[] labels) =>
        new(name, l => l.Any(labels.Contains), r => r.Has(category));

    private static Task AnyOffensive(params string[] labels) =>
        new("offensive", l => l.Any(labels.Contains), r => r.Categories.Any(Offensive.Contains));

    private static readonly Dictionary<string, Task[]> Sets = new(StringComparer.Ordinal)
    {
        ["id-abusive"] = [AnyOffensive("Abusive"), Category("discrimination", ScreeningCategory.Discrimination, "HS_Religion", "HS_Race")],
        ["ro-offense"] =
        [
            AnyOffensive("PROFANITY", "INSULT", "ABUSE"),
            Category("profanity", ScreeningCategory.Profanity, "PROFANITY"),
            Category("insult", ScreeningCategory.Insult, "INSULT"),
        ],
        ["id-sms"] = [Category("scam", ScreeningCategory.Scam, "fraud"), Category("spam", ScreeningCategory.Spam, "promo")],
    };

    /// <summary>The set names this evaluation knows (file names without <c>.jsonl</c>).</summary>
    public static IReadOnlyCollection<string> KnownSets => Sets.Keys;

    private static readonly uint[] Crc32Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>Which half a message falls in: CRC-32 (as zlib computes it) of its UTF-8 bytes, even = tune, odd = check.</summary>
    public static bool IsTuneHalf(string text) => Crc32(Encoding.UTF8.GetBytes(text)) % 2 == 0;

    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = Crc32Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>Scores <paramref name="messages"/> of the named set; for sets with scam and spam also their macro F1.</summary>
    public static IReadOnlyList<CategoryScore> Evaluate(IScreener screener, string set, IEnumerable<LabelledMessage> messages)
    {
        if (!Sets.TryGetValue(set, out var tasks))
            throw new ArgumentException($"unknown set '{set}' (known: {string.Join(", ", Sets.Keys)})", nameof(set));
        var counts = new int[tasks.Length, 3];
        var total = 0;
        foreach (var message in messages)
        {
            total++;
            var result = screener.Screen(message.Text);
            for (var t = 0; t < tasks.Length; t++)
            {
                var gold = tasks[t].Gold(message.Labels);
                var predicted = tasks[t].Predicted(result);
                if (gold && predicted) counts[t, 0]++;
                else if (predicted) counts[t, 1]++;
                else if (gold) counts[t, 2]++;
            }
        }
        return Enumerable.Range(0, tasks.Length)
            .Select(t => new CategoryScore(tasks[t].Name, total, counts[t, 0], counts[t, 1], counts[t, 2]))
            .ToArray();
    }

    /// <summary>The mean F1 of the named categories (e.g. scam and spam).</summary>
    public static double MacroF1(IEnumerable<CategoryScore> scores, params string[] categories) =>
        scores.Where(s => categories.Contains(s.Category)).Average(s => s.F1);
}
