using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pledge.Cli;
using Pledge.Conduct.Screening;
using Pledge.Domain.Policies;

namespace Pledge.Bench;

/// <summary>What step 6 measured, per second of one core's CPU time (and per second of wall time, for reference).</summary>
internal sealed record CoreSpeedResult(double ReplayPerSecond, double EndToEndPerSecond, double ScreenPerSecond);

/// <summary>
/// Step 6: the pure core's speed on one core. It runs in a child process pinned to one CPU (taskset when present)
/// with the non-concurrent workstation GC, so collection happens on the measured thread too; rates are taken over
/// the process's CPU time, which the other engineers' builds sharing the machine do not distort (wall-time rates
/// are printed beside them). Replay input is the repository's real conversations (tests/data/ibm-dev.jsonl)
/// repeated under new conversation ids up to the wanted size; screening texts are those messages plus the
/// repository's content samples.
/// </summary>
internal static class CoreSpeed
{
    public const string ChildFlag = "--core-speed-child";
    private const string ResultPrefix = "result ";

    public static async Task<CoreSpeedResult> RunAsync(BenchSettings settings)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program to run it again.");
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            arguments.Add(typeof(CoreSpeed).Assembly.Location);
        arguments.AddRange([ChildFlag, settings.ReplayEvents.ToString(CultureInfo.InvariantCulture), settings.ScreenMessages.ToString(CultureInfo.InvariantCulture)]);
        var pinned = File.Exists("/usr/bin/taskset");
        var start = pinned ? new ProcessStartInfo("/usr/bin/taskset") { ArgumentList = { "-c", "0", self } } : new ProcessStartInfo(self);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        Report.Line(pinned ? "child process pinned to CPU 0 (taskset), workstation non-concurrent GC" : "child process (taskset not found: not pinned), workstation non-concurrent GC");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the core-speed child.");
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                var parts = line[ResultPrefix.Length..].Split(' ');
                results[parts[0]] = double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else
            {
                Report.Line(line);
            }
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The core-speed child exited with code {process.ExitCode}.");
        return new CoreSpeedResult(results["replay"], results["replay-end-to-end"], results["screen"]);
    }

    /// <summary>The child: <c>--core-speed-child EVENTS MESSAGES</c>.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var events = int.Parse(args[1], CultureInfo.InvariantCulture);
        var messages = int.Parse(args[2], CultureInfo.InvariantCulture);
        var data = Path.Combine(AppContext.BaseDirectory, "data");
        Console.WriteLine($"child: server GC {System.Runtime.GCSettings.IsServerGC}, {Environment.ProcessorCount} CPU visible");
        var source = File.ReadLines(Path.Combine(data, "ibm-dev.jsonl"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize(l, ReplayJsonContext.Default.ReplayLine)!)
            .ToArray();

        // Screening first, while the heap is small: the replay's million lines would otherwise stay live under it.
        Screen(source, Path.Combine(data, "content"), messages);
        Replay(source, events);
        await ReplayEndToEndAsync(source, events, Path.Combine(data, "ibm-dev.jsonl"));
        return 0;
    }

    private static void Screen(ReplayLine[] source, string contentDirectory, int messages)
    {
        var samples = Directory.Exists(contentDirectory)
            ? Directory.EnumerateFiles(contentDirectory, "*.jsonl").SelectMany(File.ReadLines).Where(l => !string.IsNullOrWhiteSpace(l))
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()).OfType<string>()
            : [];
        var texts = source.Select(l => l.Text).OfType<string>().Concat(samples).ToArray();
        var screener = Screener.Default;
        var flagged = 0;
        void ScreenAll()
        {
            flagged = 0;
            for (var i = 0; i < messages; i++)
                if (screener.Screen(texts[i % texts.Length]).Categories.Length > 0) flagged++;
        }
        var firstPass = Measure(ScreenAll);
        var secondPass = Measure(ScreenAll);
        var what = $"screening ({messages:N0} messages cycling over {texts.Length:N0} texts, mean {texts.Average(t => t.Length):0} chars";
        PrintPasses("screen", what, messages, firstPass, secondPass, $"; {flagged:N0} flagged)");
    }

    private static void Replay(ReplayLine[] source, int events)
    {
        var lines = Repeat(source, events);
        var policy = PolicyPresets.TalentChat;
        var end = lines.Max(l => l.At);
        var what = $"replay, pre-parsed events folded through the decider ({events:N0} events, {lines.Select(l => l.Conversation).Distinct().Count():N0} conversations, talent-chat";
        PrintPasses("replay", what, events, Measure(() => Fold(lines, policy, end)), Measure(() => Fold(lines, policy, end)), ")");
    }

    /// <summary>
    /// The first pass runs while the JIT is still compiling the hot methods at their final tier (on this one core,
    /// most of a pass of this size); the second is the code's steady rate, the figure a long replay or a silo
    /// screening all day sees. Both are printed; the summary takes the second.
    /// </summary>
    private static void PrintPasses(string key, string what, int count, (TimeSpan Cpu, TimeSpan Wall, TimeSpan Gc) first,
        (TimeSpan Cpu, TimeSpan Wall, TimeSpan Gc) second, string close)
    {
        Print(key + "-first-pass", $"{what}{close}, first pass", count, first);
        Print(key, $"{what}{close}, second pass", count, second);
    }

    private static async Task ReplayEndToEndAsync(ReplayLine[] source, int events, string warmUpFile)
    {
        var policy = PolicyPresets.TalentChat;
        var file = Path.Combine(Path.GetTempPath(), $"pledge-bench-replay-{Environment.ProcessId}.jsonl");
        try
        {
            await using (var writer = new StreamWriter(file))
                foreach (var line in Repeat(source, events))
                    await writer.WriteLineAsync(JsonSerializer.Serialize(line, ReplayJsonContext.Default.ReplayLine));
            await ReplayCommand.RunAsync(["--policy", policy.Name, "--input", warmUpFile], Stream.Null, TextWriter.Null);
            var exit = 0;
            var endToEnd = await MeasureAsync(async () =>
                exit = await ReplayCommand.RunAsync(["--policy", policy.Name, "--input", file], Stream.Null, TextWriter.Null));
            if (exit != 0) throw new InvalidOperationException($"pledge replay exited with {exit}.");
            Print("replay-end-to-end", $"replay end to end, `pledge replay` on the JSONL ({new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MiB: read, parse, decide, report)", events, endToEnd);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The real conversations again and again under new ids (<c>id~n</c>) up to <paramref name="events"/> lines.</summary>
    private static ReplayLine[] Repeat(ReplayLine[] source, int events) =>
        Enumerable.Range(0, events).Select(i =>
        {
            var line = source[i % source.Length];
            return i < source.Length ? line : line with { Conversation = $"{line.Conversation}~{i / source.Length}" };
        }).ToArray();

    private static void Fold(ReadOnlySpan<ReplayLine> lines, ConversationPolicy policy, DateTimeOffset end)
    {
        var engine = new ReplayEngine(policy);
        for (var i = 0; i < lines.Length; i++)
            engine.Apply(lines[i], i + 1);
        engine.Finish(end, _ => { });
    }

    private static (TimeSpan Cpu, TimeSpan Wall, TimeSpan Gc) Measure(Action work) =>
        MeasureAsync(() =>
        {
            work();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    private static async Task<(TimeSpan Cpu, TimeSpan Wall, TimeSpan Gc)> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cpu = CpuTime();
        var gc = GC.GetTotalPauseDuration();
        var started = Stopwatch.GetTimestamp();
        await work();
        return (CpuTime() - cpu, Stopwatch.GetElapsedTime(started), GC.GetTotalPauseDuration() - gc);
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static void Print(string key, string what, int count, (TimeSpan Cpu, TimeSpan Wall, TimeSpan Gc) time)
    {
        var perCpu = count / time.Cpu.TotalSeconds;
        Console.WriteLine($"{what}: {Report.Number(perCpu)}/s per CPU second ({time.Cpu.TotalSeconds:0.00} s CPU, {time.Cpu.TotalMicroseconds / count:0.00} µs each, " +
            $"GC pauses {time.Gc.TotalSeconds / time.Cpu.TotalSeconds:P0} of it); {Report.Number(count / time.Wall.TotalSeconds)}/s wall ({time.Wall.TotalSeconds:0.00} s)");
        Console.WriteLine(ResultPrefix + key + " " + perCpu.ToString("R", CultureInfo.InvariantCulture));
    }
}
