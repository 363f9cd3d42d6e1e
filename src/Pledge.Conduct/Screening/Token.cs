namespace Pledge.Conduct.Screening;

/// <summary>
/// One word of a message with the spellings it is looked up under: <see cref="Plain"/> (folded),
/// <see cref="Leet"/> (digits and symbols read as letters), <see cref="Squeezed"/> (repeated letters collapsed)
/// and <see cref="Parts"/> (the letter runs of a word that mixes letters and digits, e.g. <c>35rb</c> → <c>rb</c>).
/// </summary>
internal readonly record struct Token(int Start, int End, string Plain, string? Leet, string? Squeezed, int LongestRun, string[]? Parts)
{
    public bool Is(string word, bool prefix) =>
        prefix
            ? Plain.StartsWith(word, StringComparison.Ordinal) || (Leet?.StartsWith(word, StringComparison.Ordinal) ?? false)
              || (Squeezed?.StartsWith(word, StringComparison.Ordinal) ?? false)
            : Plain == word || Leet == word || Squeezed == word;
}
