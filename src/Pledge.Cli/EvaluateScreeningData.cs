using System.Text.Json;
using Pledge.Conduct.Screening;

namespace Pledge.Cli;

/// <summary>Reads the labelled content sets (<c>{"lang","text","labels"}</c> per line).</summary>
public static class EvaluationData
{
    /// <summary>The repository's sibling <c>shared/data/content</c>, found from the working directory upward.</summary>
    public static string DefaultDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Actors.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "content"));
        }
        return Path.GetFullPath(Path.Combine("..", "shared", "data", "content"));
    }

    public static List<LabelledMessage> Read(string file)
    {
        var messages = new List<LabelledMessage>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var text = root.GetProperty("text").GetString() ?? throw new JsonException("\"text\" is null");
                var labels = root.TryGetProperty("labels", out var l) ? l.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [];
                messages.Add(new LabelledMessage(text, labels));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new CliException($"{file}:{lineNumber}: {e.Message}");
            }
        }
        return messages;
    }
}
