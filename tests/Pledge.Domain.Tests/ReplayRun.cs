using System.Text;
using System.Text.Json;
using Pledge.Cli;

namespace Pledge.Domain.Tests;

/// <summary>Runs <c>pledge replay</c> in process and parses its report.</summary>
internal static class ReplayRun
{
    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public static async Task<(JsonDocument Report, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exit = await ReplayCommand.RunAsync(args, stdout, stderr);
        Assert.Equal(0, exit);
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        return (JsonDocument.Parse(text), text, stderr.ToString());
    }

    public static JsonElement Conversation(this JsonDocument report, string id) =>
        report.RootElement.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    public static JsonElement Owner(this JsonDocument report, string id) =>
        report.RootElement.GetProperty("owners").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    public static double?[] Seconds(this JsonElement conversation) =>
        [.. conversation.GetProperty("waits").EnumerateArray().Select(w => w.GetProperty("seconds") is { ValueKind: JsonValueKind.Number } s ? s.GetDouble() : (double?)null)];

    public static int Get(this JsonElement element, string property, string tier) => element.GetProperty(property).GetProperty(tier).GetInt32();
}
