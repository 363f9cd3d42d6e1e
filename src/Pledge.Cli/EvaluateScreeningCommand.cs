using System.Diagnostics;
using System.Globalization;
using Pledge.Conduct.Screening;

namespace Pledge.Cli;

/// <summary>
/// <c>pledge evaluate-screening [--data DIR]</c>: precision, recall and F1 per category on each labelled set
/// in DIR (default: <c>../shared/data/content</c> beside the repository), on its tune half, its check half and
/// in all; then single-core throughput.
/// </summary>
internal static class EvaluateScreeningCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = CliOptions.Parse(args, "data");
        var data = options.Get("data") ?? EvaluationData.DefaultDirectory();
        if (!Directory.Exists(data)) throw new CliException($"data directory '{data}' does not exist (pass --data DIR)");
        var screener = Screener.Default;
        var output = Console.Out;
        var all = new List<string>();

        await output.WriteLineAsync($"data: {Path.GetFullPath(data)}");
        await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
            "{0,-12} {1,-6} {2,-16} {3,6} {4,6} {5,6} {6,6} {7,9} {8,7} {9,6}", "set", "half", "category", "n", "tp", "fp", "fn", "precision", "recall", "f1"));
        foreach (var set in ScreeningEvaluation.KnownSets)
        {
            var file = Path.Combine(data, set + ".jsonl");
            if (!File.Exists(file))
            {
                await output.WriteLineAsync($"{set,-12} (missing: {file})");
                continue;
            }
            var messages = EvaluationData.Read(file);
            all.AddRange(messages.Select(m => m.Text));
            foreach (var (half, subset) in new[]
            {
                ("tune", messages.Where(m => ScreeningEvaluation.IsTuneHalf(m.Text)).ToList()),
                ("check", messages.Where(m => !ScreeningEvaluation.IsTuneHalf(m.Text)).ToList()),
                ("all", messages),
            })
            {
                var scores = ScreeningEvaluation.Evaluate(screener, set, subset);
                foreach (var s in scores)
                    await output.WriteLineAsync(Row(set, half, s.Category, s.Messages, s.TruePositives, s.FalsePositives, s.FalseNegatives, s.Precision, s.Recall, s.F1));
                if (scores.Any(s => s.Category == "scam") && scores.Any(s => s.Category == "spam"))
                    await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                        "{0,-12} {1,-6} {2,-16} {3,6} {4,55:0.000}", set, half, "macro(scam,spam)", subset.Count, ScreeningEvaluation.MacroF1(scores, "scam", "spam")));
            }
        }
        if (all.Count > 0) await output.WriteLineAsync(Throughput(screener, all));
        return 0;
    }

    private static string Row(string set, string half, string category, int n, int tp, int fp, int fn, double p, double r, double f1) =>
        string.Format(CultureInfo.InvariantCulture,
            "{0,-12} {1,-6} {2,-16} {3,6} {4,6} {5,6} {6,6} {7,9:0.000} {8,7:0.000} {9,6:0.000}", set, half, category, n, tp, fp, fn, p, r, f1);

    private static string Throughput(IScreener screener, List<string> texts)
    {
        // warm up until the JIT has settled on optimised code, as in a long-running service
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(2);)
            foreach (var text in texts) screener.Screen(text);
        var rounds = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var text in texts) screener.Screen(text);
            rounds++;
        }
        var perSecond = rounds * texts.Count / stopwatch.Elapsed.TotalSeconds;
        var meanLength = texts.Average(t => t.Length);
        return string.Format(CultureInfo.InvariantCulture,
            "throughput: {0:0} messages/s on one thread ({1} messages x {2} rounds, mean length {3:0} chars)", perSecond, texts.Count, rounds, meanLength);
    }
}
