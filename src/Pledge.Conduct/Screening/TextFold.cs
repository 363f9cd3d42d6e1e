namespace Pledge.Conduct.Screening;

/// <summary>
/// Folds one character to the form lexicons are written in: lower case, no diacritics (Romanian ș/ş → s,
/// ț/ţ → t, ă/â → a, î → i). Letters of other scripts are only lower-cased.
/// </summary>
internal static class TextFold
{
    private const string From = "àáâãäåāăąçćčďđèéêëēĕėęěìíîïĩīĭįłñńňòóôõöøōŏőŕřśşšșţťțùúûüũūŭůűųýÿźżž";
    private const string To = "aaaaaaaaacccddeeeeeeeeeiiiiiiiilnnnoooooooooorrsssssttttuuuuuuuuuuyyzzz";
    private static readonly char[] Table = Build();

    private static char[] Build()
    {
        var table = new char[0x300];
        for (var c = 0; c < table.Length; c++)
        {
            var ch = (char)c;
            table[c] = ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch
                : ch is >= 'A' and <= 'Z' ? (char)(ch + 32)
                : char.IsLetter(ch) ? char.ToLowerInvariant(ch)
                : '\0';
        }
        for (var i = 0; i < From.Length; i++)
        {
            table[From[i]] = To[i];
            table[char.ToUpperInvariant(From[i])] = To[i];
        }
        return table;
    }

    /// <summary>The folded letter or digit, or <c>'\0'</c> when <paramref name="c"/> is neither.</summary>
    public static char Fold(char c) =>
        c < Table.Length ? Table[c] : char.IsLetter(c) ? char.ToLowerInvariant(c) : '\0';

    public static bool IsLetter(char folded) => folded is >= 'a' and <= 'z' || (folded > 0x7f && char.IsLetter(folded));

    public static bool IsDigit(char folded) => folded is >= '0' and <= '9';

    /// <summary>Leetspeak digits and symbols read as letters (<c>4nj1ng</c>, <c>b@ngs@t</c>).</summary>
    public static char Leet(char c) => c switch
    {
        '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '6' => 'g', '7' => 't', '8' => 'b', '9' => 'g',
        '@' => 'a', '$' => 's', '!' => 'i',
        _ => c,
    };

    /// <summary>Collapses runs of one letter (<c>anjiiing</c> → <c>anjing</c>); reports the longest run.</summary>
    public static string Squeeze(string word, out int longestRun)
    {
        longestRun = word.Length == 0 ? 0 : 1;
        Span<char> buffer = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        var length = 0;
        var run = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (i > 0 && word[i] == word[i - 1])
            {
                run++;
                if (run > longestRun) longestRun = run;
                continue;
            }
            run = 1;
            buffer[length++] = word[i];
        }
        return length == word.Length ? word : new string(buffer[..length]);
    }

    /// <summary>Folds a lexicon term word by word (used for entries, so they compare with folded tokens).</summary>
    public static string FoldWord(string word)
    {
        Span<char> buffer = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        var length = 0;
        foreach (var c in word)
        {
            var f = Fold(c);
            if (f != '\0') buffer[length++] = f;
        }
        return new string(buffer[..length]);
    }
}
