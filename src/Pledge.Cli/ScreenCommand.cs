using System.Text.Json;
using Pledge.Conduct.Screening;

namespace Pledge.Cli;

/// <summary>
/// <c>pledge screen --input FILE [--extension FILE]</c>: screens each JSON line's <c>text</c> and prints one
/// result line per input line, in order. A malformed line stops the run with its line number.
/// </summary>
internal static class ScreenCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = CliOptions.Parse(args, "input", "extension");
        var input = options.Required("input");
        var rules = ScreeningRules.Default;
        if (options.Get("extension") is { } extensionFile) rules = ScreenInput.LoadExtension(rules, extensionFile);
        var screener = new Screener(rules);

        using var reader = ScreenInput.Open(input);
        var output = Console.Out;
        var lineNumber = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            lineNumber++;
            var text = ScreenInput.ReadText(line, lineNumber);
            await output.WriteLineAsync(JsonSerializer.Serialize(screener.Screen(text), ScreeningJsonContext.Default.ScreeningResult));
        }
        await output.FlushAsync();
        return 0;
    }
}
