using System.Diagnostics.CodeAnalysis;

namespace Pledge.Domain.Kernel;

/// <summary>Checks on free text that people read later (reasons, notes).</summary>
public static class Text
{
    /// <summary>True when nothing a reader could see is there: null, empty, or only white space and control characters.</summary>
    public static bool IsBlank([NotNullWhen(false)] string? value) =>
        value is null || value.All(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
}
