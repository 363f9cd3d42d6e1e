using System.Diagnostics;
using System.Text.Json;

namespace Pledge.Conduct.Tests.Screening;

/// <summary>The <c>pledge screen</c> command, run as a process the way a user runs it.</summary>
public sealed class ScreenCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pledge-screen-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pledge.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout, await stderr);
    }

    private string Input(params string[] lines)
    {
        var path = Path.Combine(dir, "in.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Prints_one_result_line_per_input_line_in_order()
    {
        var input = Input(
            JsonSerializer.Serialize(new { text = "Terima kasih kak" }),
            JsonSerializer.Serialize(new { text = "WA aku 0812-3456-7890", id = 7 }),
            JsonSerializer.Serialize(new { text = "dasar goblok" }));

        var (exit, output, error) = await RunAsync("screen", "--input", input);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("{\"categories\":[],\"findings\":[]}", lines[0]);
        Assert.Contains("{\"category\":\"off_platform\",\"start\":7,\"length\":14,\"rule\":\"detector/phone\"}", lines[1]);
        Assert.StartsWith("{\"categories\":[\"profanity\",\"insult\"]", lines[2]);
    }

    [Theory]
    [InlineData("{\"text\": 5}", "line 2: field \"text\" is missing or not a string")]
    [InlineData("{\"text\": \"unterminated", "line 2: not valid JSON")]
    [InlineData("[1,2]", "line 2: expected a JSON object")]
    public async Task A_malformed_line_is_reported_with_its_number(string bad, string message)
    {
        var input = Input("{\"text\":\"ok\"}", bad, "{\"text\":\"never read\"}");

        var (exit, _, error) = await RunAsync("screen", "--input", input);

        Assert.NotEqual(0, exit);
        Assert.StartsWith("pledge screen: " + message, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_missing_input_file_is_an_error()
    {
        var (exit, _, error) = await RunAsync("screen", "--input", Path.Combine(dir, "none.jsonl"));

        Assert.NotEqual(0, exit);
        Assert.Contains("does not exist", error);
    }
}
