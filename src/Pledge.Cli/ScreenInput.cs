using System.Text.Json;
using Pledge.Conduct.Screening;

namespace Pledge.Cli;

/// <summary>Reading the screen command's inputs, with errors that name the line or file at fault.</summary>
internal static class ScreenInput
{
    public static StreamReader Open(string path)
    {
        if (path == "-") return new StreamReader(Console.OpenStandardInput());
        if (!File.Exists(path)) throw new CliException($"input file '{path}' does not exist");
        return new StreamReader(path);
    }

    /// <summary>The <c>text</c> string of one JSON line.</summary>
    public static string ReadText(string line, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CliException($"line {lineNumber}: expected a JSON object with a \"text\" string");
            if (!document.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new CliException($"line {lineNumber}: field \"text\" is missing or not a string");
            return text.GetString()!;
        }
        catch (JsonException e)
        {
            throw new CliException($"line {lineNumber}: not valid JSON ({e.Message.Split(" LineNumber")[0].TrimEnd()})");
        }
    }

    public static ScreeningRules LoadExtension(ScreeningRules rules, string path)
    {
        if (!File.Exists(path)) throw new CliException($"extension file '{path}' does not exist");
        try
        {
            var extension = JsonSerializer.Deserialize(File.ReadAllText(path), ScreeningJsonContext.Default.ScreeningExtension)
                ?? throw new CliException($"extension file '{path}' is empty");
            return rules.Extend(extension);
        }
        catch (JsonException e)
        {
            throw new CliException($"extension file '{path}': {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new CliException($"extension file '{path}': {e.Message}");
        }
    }
}
