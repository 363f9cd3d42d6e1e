using System.Diagnostics;
using System.Text;
using Pledge.Cli;

namespace Pledge.Domain.Tests;

/// <summary>The replay command line: errors with line numbers and exit codes, streaming, progress.</summary>
public sealed class ReplayCliTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pledge-replay-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Event(string conversation, string at, string from, string author = "someone") =>
        $"{{\"conversation\":\"{conversation}\",\"at\":\"{at}\",\"from\":\"{from}\",\"author\":\"{author}\",\"text\":\"hi\"}}";

    /// <summary>Runs the built <c>pledge</c> executable as a user would.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> PledgeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pledge.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task A_malformed_line_stops_the_run_with_its_line_number_and_a_non_zero_exit()
    {
        var input = Write("bad.jsonl",
        [
            Event("c1", "2020-01-01T10:00:00Z", "customer"),
            Event("c1", "2020-01-01T10:01:00Z", "agent"),
            "{\"conversation\":\"c2\",\"at\":\"yesterday\",\"from\":\"customer\",\"author\":\"x\"}",
            Event("c2", "2020-01-01T10:03:00Z", "agent"),
        ]);

        var (exit, stdout, stderr) = await PledgeAsync("replay", "--policy", "talent-chat", "--input", input);

        Assert.NotEqual(0, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("pledge replay: line 3: malformed event", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("{\"conversation\":\"c1\",\"at\":\"2020-01-01T10:00:00Z\",\"from\":\"robot\",\"author\":\"x\"}")]
    [InlineData("{\"conversation\":\"c1\",\"from\":\"customer\",\"author\":\"x\"}")]
    [InlineData("{\"conversation\":\"c1\",\"at\":\"2020-01-01T10:00:00Z\",\"from\":\"customer\",\"author\":\"\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"conversation\":\"c1\",")]
    public async Task Each_kind_of_malformed_line_is_reported_with_its_number(string bad)
    {
        var input = Write("bad.jsonl", [Event("c0", "2020-01-01T09:00:00Z", "customer"), bad]);
        var error = await Assert.ThrowsAsync<CliException>(() =>
            ReplayCommand.RunAsync(["--policy", "talent-chat", "--input", input], Stream.Null, TextWriter.Null));
        Assert.StartsWith("line 2: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_conversation_going_back_in_time_is_reported_with_its_line_number()
    {
        var input = Write("order.jsonl",
        [
            Event("c1", "2020-01-01T10:00:00Z", "customer"),
            Event("c2", "2020-01-01T09:00:00Z", "customer"),
            Event("c1", "2020-01-01T09:59:00Z", "agent"),
        ]);
        var error = await Assert.ThrowsAsync<CliException>(() =>
            ReplayCommand.RunAsync(["--policy", "talent-chat", "--input", input], Stream.Null, TextWriter.Null));
        Assert.StartsWith("line 3: 'at'", error.Message);
    }

    [Fact]
    public async Task Unknown_policies_and_missing_files_exit_with_usage_errors()
    {
        var input = Write("ok.jsonl", [Event("c1", "2020-01-01T10:00:00Z", "customer")]);
        var (exit, _, stderr) = await PledgeAsync("replay", "--policy", "nope", "--input", input);
        Assert.Equal(2, exit);
        Assert.Contains("talent-chat", stderr);

        var missing = await Assert.ThrowsAsync<CliException>(() =>
            ReplayCommand.RunAsync(["--policy", "talent-chat", "--input", Path.Combine(directory, "none.jsonl")], Stream.Null, TextWriter.Null));
        Assert.Equal(2, missing.ExitCode);
        var until = await Assert.ThrowsAsync<CliException>(() =>
            ReplayCommand.RunAsync(["--policy", "talent-chat", "--input", input, "--until", "soon"], Stream.Null, TextWriter.Null));
        Assert.Contains("--until", until.Message);
    }

    [Fact]
    public async Task The_executable_prints_one_JSON_report()
    {
        var input = Write("ok.jsonl",
        [
            Event("c1", "2020-01-01T10:00:00Z", "customer", "bob"),
            Event("c1", "2020-01-01T10:02:00.000001Z", "agent", "ana"),
        ]);
        var (exit, stdout, _) = await PledgeAsync("replay", "--policy", "talent-chat", "--input", input);
        Assert.Equal(0, exit);
        Assert.Equal(
            "{\"policy\":\"talent-chat\",\"until\":\"2020-01-01T10:02:00.000001Z\"," +
            "\"conversations\":[{\"id\":\"c1\",\"owner\":\"ana\",\"waits\":[{\"opened\":\"2020-01-01T10:00:00Z\",\"closed\":\"2020-01-01T10:02:00.000001Z\",\"seconds\":120.000001}]," +
            "\"breaches\":{\"PT2M\":1,\"PT5M\":0},\"claimEligible\":false}]," +
            "\"owners\":[{\"id\":\"ana\",\"decided\":{\"PT2M\":1,\"PT5M\":1},\"within\":{\"PT2M\":0,\"PT5M\":1},\"responseRate\":{\"PT2M\":0,\"PT5M\":1}}]}\n",
            stdout);
    }

    [Fact]
    public async Task Long_inputs_report_progress_on_stderr()
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lines = Enumerable.Range(0, ReplayCommand.ProgressEvery / 2 + 1).SelectMany(i => new[]
        {
            Event($"c{i % 1000}", start.AddSeconds(2 * i).ToString("yyyy-MM-ddTHH:mm:ssZ"), "customer"),
            Event($"c{i % 1000}", start.AddSeconds(2 * i + 1).ToString("yyyy-MM-ddTHH:mm:ssZ"), "agent", $"agent{i % 7}"),
        });
        var input = Write("long.jsonl", lines);
        var (report, _, stderr) = await ReplayRun.RunAsync("--policy", "talent-chat", "--input", input);
        Assert.Contains("replay: 100,000 lines, 1,000 conversations", stderr);
        Assert.Equal(1000, report.RootElement.GetProperty("conversations").GetArrayLength());
        Assert.Equal(7, report.RootElement.GetProperty("owners").GetArrayLength());
    }
}
