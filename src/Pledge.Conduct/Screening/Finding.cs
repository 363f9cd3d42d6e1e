namespace Pledge.Conduct.Screening;

/// <summary>One matched span of the original text.</summary>
/// <param name="Category">What the span is about.</param>
/// <param name="Start">Offset of the span in the original text, in UTF-16 code units.</param>
/// <param name="Length">Length of the span, in UTF-16 code units.</param>
/// <param name="Rule">The rule that matched, e.g. <c>id/profanity:anjing</c> or <c>detector/phone</c>.</param>
public sealed record Finding(ScreeningCategory Category, int Start, int Length, string Rule);
