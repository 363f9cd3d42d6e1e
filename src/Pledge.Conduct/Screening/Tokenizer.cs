namespace Pledge.Conduct.Screening;

/// <summary>Splits a message into <see cref="Token"/>s with their offsets in the original text.</summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Max(4, text.Length / 5));
        Span<char> buffer = stackalloc char[64];
        var i = 0;
        while (i < text.Length)
        {
            var f = TextFold.Fold(text[i]);
            var startsWord = f != '\0' || (IsLeetSymbol(text[i]) && i + 1 < text.Length && TextFold.IsLetter(TextFold.Fold(text[i + 1])));
            if (!startsWord)
            {
                i++;
                continue;
            }
            var start = i;
            var length = 0;
            bool letters = false, digits = false, symbols = false;
            while (i < text.Length)
            {
                var c = text[i];
                var folded = TextFold.Fold(c);
                if (folded == '\0')
                {
                    var inner = (IsLeetSymbol(c) || c == '*')
                        && i + 1 < text.Length && TextFold.Fold(text[i + 1]) != '\0'
                        && (c != '*' || (i > start && TextFold.IsLetter(TextFold.Fold(text[i - 1])) && TextFold.IsLetter(TextFold.Fold(text[i + 1]))));
                    if (!inner) break;
                    if (c == '*')
                    {
                        i++;
                        continue;
                    }
                    folded = c;
                    symbols = true;
                }
                else if (TextFold.IsDigit(folded)) digits = true;
                else letters = true;
                if (length < buffer.Length) buffer[length++] = folded;
                i++;
            }
            if (length == 0) continue;
            tokens.Add(Build(start, i, buffer[..length], letters, digits, symbols));
        }
        return tokens;
    }

    private static bool IsLeetSymbol(char c) => c is '@' or '$' or '!';

    private static Token Build(int start, int end, ReadOnlySpan<char> word, bool letters, bool digits, bool symbols)
    {
        // Indonesian writes reduplication as a trailing 2 (anak2 = anak-anak).
        if (letters && word.Length > 2 && word[^1] == '2' && TextFold.IsLetter(word[^2])) word = word[..^1];
        if (word[0] == '@' && word.Length > 1) word = word[1..];
        string plain;
        string? leet = null;
        string[]? parts = null;
        if (!letters || (!digits && !symbols))
        {
            plain = new string(word);
        }
        else
        {
            Span<char> mapped = stackalloc char[word.Length];
            var allLetters = true;
            for (var k = 0; k < word.Length; k++)
            {
                mapped[k] = TextFold.Leet(word[k]);
                if (!TextFold.IsLetter(mapped[k])) allLetters = false;
            }
            plain = StripSymbols(word);
            if (allLetters) leet = new string(mapped);
            if (digits) parts = LetterRuns(word);
        }
        var squeezed = TextFold.Squeeze(leet ?? plain, out var run);
        return new Token(start, end, plain, leet, ReferenceEquals(squeezed, leet ?? plain) ? null : squeezed, run, parts);
    }

    private static string StripSymbols(ReadOnlySpan<char> word)
    {
        Span<char> kept = stackalloc char[word.Length];
        var length = 0;
        foreach (var c in word)
            if (TextFold.Fold(c) != '\0') kept[length++] = c;
        return new string(kept[..length]);
    }

    private static string[]? LetterRuns(ReadOnlySpan<char> word)
    {
        List<string>? runs = null;
        var k = 0;
        while (k < word.Length)
        {
            if (!TextFold.IsLetter(word[k]))
            {
                k++;
                continue;
            }
            var s = k;
            while (k < word.Length && TextFold.IsLetter(word[k])) k++;
            if (k - s >= 2 && (s > 0 || k < word.Length)) (runs ??= []).Add(new string(word[s..k]));
        }
        return runs?.ToArray();
    }
}
