namespace Pledge.Conduct.Screening;

/// <summary>
/// Hand-written scanners (no regular expressions) for contact details and codes: phone numbers, e-mail
/// addresses, links, @handles and USSD codes (<c>*123#</c>). Each reports spans of the original text.
/// </summary>
internal static class ContactScanner
{
    public const string Phone = "phone", Email = "email", Url = "url", Handle = "handle", Ussd = "ussd";

    public static readonly IReadOnlyList<string> Detectors = [Phone, Email, Url, Handle, Ussd];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TopLevelDomainLookup = TopLevelDomainSet().GetAlternateLookup<ReadOnlySpan<char>>();

    private static HashSet<string> TopLevelDomainSet() => new(StringComparer.Ordinal)
    {
        "com", "net", "org", "id", "ro", "me", "ly", "io", "co", "biz", "info", "xyz", "ml", "site", "online", "shop",
        "link", "app", "ru", "uk", "us", "tk", "gl", "gd", "to", "my", "sg", "cc", "tv", "in", "eu", "de", "store", "page", "club", "top",
    };

    public static void Scan(string text, Func<string, bool> allowedHost, List<(string Detector, int Start, int End)> found)
    {
        var emailEnd = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '@')
            {
                if (TryEmail(text, i, out var s, out var e))
                {
                    found.Add((Email, s, e));
                    emailEnd = e;
                    i = e - 1;
                }
                else if (TryHandle(text, i, out e))
                {
                    found.Add((Handle, i, e));
                    i = e - 1;
                }
            }
            else if (c == '*' && TryUssd(text, i, out var e))
            {
                found.Add((Ussd, i, e));
                i = e - 1;
            }
            else if ((c == '+' || char.IsAsciiDigit(c)) && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1])) && TryPhone(text, i, out e))
            {
                found.Add((Phone, i, e));
                i = e - 1;
            }
            else if (c == '.' && i > emailEnd && TryUrl(text, i, out var s, out e, out var host))
            {
                if (!allowedHost(host)) found.Add((Url, s, e));
                i = e - 1;
            }
        }
    }

    private static bool IsHostChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.';

    private static bool TryEmail(string text, int at, out int start, out int end)
    {
        start = at;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_' or '%' or '+' or '-')) start--;
        end = at + 1;
        var dots = 0;
        while (end < text.Length && IsHostChar(text[end]))
        {
            if (text[end] == '.') dots++;
            end++;
        }
        while (end > at + 1 && text[end - 1] is '.' or '-')
        {
            if (text[end - 1] == '.') dots--;
            end--;
        }
        if (start == at || dots == 0) return false;
        var lastDot = text.LastIndexOf('.', end - 1, end - at);
        return end - lastDot - 1 >= 2 && char.IsAsciiLetter(text[end - 1]);
    }

    private static bool TryHandle(string text, int at, out int end)
    {
        end = at + 1;
        if (at > 0 && char.IsAsciiLetterOrDigit(text[at - 1])) return false;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.')) end++;
        while (end > at + 1 && text[end - 1] == '.') end--;
        return end - at - 1 >= 3;
    }

    private static bool TryUssd(string text, int star, out int end)
    {
        // *123#, *123*4*5#
        end = star;
        var groups = 0;
        while (end < text.Length && text[end] == '*')
        {
            var digitsStart = ++end;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end == digitsStart) return false;
            groups++;
        }
        if (groups == 0 || end >= text.Length || text[end] != '#') return false;
        end++;
        return true;
    }

    private static bool TryPhone(string text, int start, out int end)
    {
        // +62 812-3456-7890, 0812 3456 7890, (+40) 721 234 567; not dates, amounts or times.
        end = start;
        var plus = text[start] == '+';
        if (plus) end++;
        if (end >= text.Length || !char.IsAsciiDigit(text[end])) return false;
        if (!plus && !(text[end] == '0' && end + 1 < text.Length && text[end + 1] is >= '1' and <= '9')
            && !(text[end] == '6' && end + 2 < text.Length && text[end + 1] == '2' && text[end + 2] == '8'))
            return false;
        var digits = 0;
        var lastDigitEnd = end;
        while (end < text.Length)
        {
            var c = text[end];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                end++;
                lastDigitEnd = end;
                continue;
            }
            if (c is ' ' or '-' or '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]) && char.IsAsciiDigit(text[end - 1]))
            {
                end++;
                continue;
            }
            break;
        }
        end = lastDigitEnd;
        if (end < text.Length && char.IsAsciiLetter(text[end])) return false;
        return digits is >= 9 and <= 15;
    }

    private static bool TryUrl(string text, int dot, out int start, out int end, out string host)
    {
        start = end = dot;
        host = "";
        // the label after the dot must be a known top-level domain, ending at a non-letter
        var tldEnd = dot + 1;
        while (tldEnd < text.Length && char.IsAsciiLetter(text[tldEnd])) tldEnd++;
        if (tldEnd - dot - 1 < 2) return false;
        if (tldEnd < text.Length && char.IsAsciiDigit(text[tldEnd])) return false;
        var tld = text.AsSpan(dot + 1, tldEnd - dot - 1);
        if (tld.Length > 8) return false;
        Span<char> lower = stackalloc char[tld.Length];
        tld.ToLowerInvariant(lower);
        if (!TopLevelDomainLookup.Contains(lower)) return false;
        // "pulang.Info" is a missing space, not a link: a capitalised top-level domain needs an upper-case host or a scheme
        var hostStart = dot;
        while (hostStart > 0 && IsHostChar(text[hostStart - 1])) hostStart--;
        while (hostStart < dot && text[hostStart] is '.' or '-') hostStart++;
        if (dot - hostStart < 2) return false;
        var scheme = hostStart >= 3 && text.AsSpan(hostStart - 3, 3).SequenceEqual("://");
        if (char.IsUpper(text[dot + 1]) && !scheme && !text.AsSpan(hostStart, dot - hostStart).ToString().All(ch => !char.IsLower(ch)))
            return false;
        start = hostStart;
        if (scheme)
        {
            start = hostStart - 3;
            while (start > 0 && char.IsAsciiLetter(text[start - 1])) start--;
        }
        var hostEnd = tldEnd;
        while (hostEnd < text.Length && IsHostChar(text[hostEnd]) && !(text[hostEnd] == '.' && (hostEnd + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[hostEnd + 1])))) hostEnd++;
        end = hostEnd;
        if (end < text.Length && text[end] is '/' or '?' or ':')
        {
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            while (end > hostEnd && text[end - 1] is '.' or ',' or ')' or '!' or '?' or '\'' or '"') end--;
        }
        host = text[hostStart..hostEnd].ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        return true;
    }
}
