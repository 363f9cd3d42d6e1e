using System.Text.Json.Serialization;
using Pledge.Domain.Conversations;

namespace Pledge.Cli;

/// <summary>One line of a replay input: <c>{"conversation","at","from","author","text"}</c>.</summary>
public sealed record ReplayLine(
    [property: JsonRequired] string Conversation,
    [property: JsonRequired] DateTimeOffset At,
    [property: JsonRequired] Party From,
    [property: JsonRequired] string Author,
    string? Text);
