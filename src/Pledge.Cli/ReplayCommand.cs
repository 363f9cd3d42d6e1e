using System.Globalization;
using System.Text;
using System.Text.Json;
using Pledge.Domain.Policies;

namespace Pledge.Cli;

/// <summary>
/// <c>pledge replay --policy NAME --input FILE [--until ISO-8601]</c>: what-if of a policy on recorded traffic.
/// Reads the input line by line (it may be far larger than memory); prints one JSON report on stdout and
/// progress on stderr.
/// </summary>
public static class ReplayCommand
{
    public const int ProgressEvery = 100_000;

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.OpenStandardOutput(), Console.Error);

    public static async Task<int> RunAsync(string[] args, Stream stdout, TextWriter stderr)
    {
        var options = CliOptions.Parse(args, "policy", "input", "until");
        var name = options.Required("policy");
        var policy = PolicyPresets.Find(name)
            ?? throw new CliException($"unknown policy '{name}' (known: {string.Join(", ", PolicyPresets.All.Select(p => p.Name))})", 2);
        var until = ParseUntil(options.Get("until"));
        var input = options.Required("input");
        if (!File.Exists(input))
            throw new CliException($"input file '{input}' not found", 2);

        var engine = new ReplayEngine(policy, until);
        using (var reader = new StreamReader(input, Encoding.UTF8))
        {
            long number = 0;
            while (await reader.ReadLineAsync() is { } text)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(text))
                    engine.Apply(Parse(text, number), number);
                if (number % ProgressEvery == 0)
                    await stderr.WriteLineAsync($"replay: {number:N0} lines, {engine.ConversationCount:N0} conversations");
            }
        }

        var end = until ?? engine.LatestAt ?? throw new CliException("the input holds no events; give --until", 1);
        await WriteReportAsync(stdout, policy.Name, end, engine);
        return 0;
    }

    /// <summary>
    /// Writes <c>{"policy","until","conversations":[…],"owners":[…]}</c>, one conversation at a time, so that
    /// the report never exists in memory as a whole.
    /// </summary>
    private static async Task WriteReportAsync(Stream stdout, string policy, DateTimeOffset end, ReplayEngine engine)
    {
        var json = ReplayJsonContext.Default;
        await using var writer = new Utf8JsonWriter(stdout);
        writer.WriteStartObject();
        writer.WriteString("policy", policy);
        writer.WritePropertyName("until");
        JsonSerializer.Serialize(writer, end.UtcDateTime, json.DateTime);
        writer.WriteStartArray("conversations");
        var owners = engine.Finish(end, conversation =>
        {
            JsonSerializer.Serialize(writer, conversation, json.ReplayConversation);
            if (writer.BytesPending > 1 << 16)
                writer.Flush();
        });
        writer.WriteEndArray();
        writer.WriteStartArray("owners");
        foreach (var owner in owners)
            JsonSerializer.Serialize(writer, owner, json.OwnerView);
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
        await stdout.WriteAsync("\n"u8.ToArray());
        await stdout.FlushAsync();
    }

    private static ReplayLine Parse(string text, long number)
    {
        ReplayLine? line;
        try
        {
            line = JsonSerializer.Deserialize(text, ReplayJsonContext.Default.ReplayLine);
        }
        catch (JsonException e)
        {
            throw new CliException($"line {number}: malformed event: {OneLine(e.Message)}");
        }
        if (line is null)
            throw new CliException($"line {number}: malformed event: expected a JSON object");
        if (string.IsNullOrWhiteSpace(line.Conversation))
            throw new CliException($"line {number}: malformed event: 'conversation' is empty");
        if (string.IsNullOrWhiteSpace(line.Author))
            throw new CliException($"line {number}: malformed event: 'author' is empty");
        return line;
    }

    private static DateTimeOffset? ParseUntil(string? text)
    {
        if (text is null)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until)
            ? until
            : throw new CliException($"--until '{text}' is not an ISO-8601 time like 2020-04-03T02:41:58Z", 2);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
