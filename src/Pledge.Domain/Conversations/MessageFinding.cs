namespace Pledge.Domain.Conversations;

/// <summary>
/// What screening found in a message when it was received, under the tenant's rules of that moment: a category
/// (<c>off_platform</c>, <c>insult</c>…), the span of the text (UTF-16 offset and length) and the rule that matched.
/// Recorded with the message so that its consequences never depend on rules changed later.
/// </summary>
public sealed record MessageFinding(string Category, int Start, int Length, string Rule);
