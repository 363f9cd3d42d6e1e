using System.Globalization;

namespace Pledge.Conduct.Screening;

/// <summary>The parsed content of one lexicon file (see docs/SCREENING.md for the format).</summary>
internal sealed class Lexicon
{
    public required string Source { get; init; }
    public string? Language { get; private set; }
    public List<LexiconTerm> Terms { get; } = [];
    public List<ComboRule> Combos { get; } = [];
    public List<DetectorRoute> Routes { get; } = [];
    public List<(ScreeningCategory Dropped, ScreeningCategory When)> Suppressions { get; } = [];
    public List<string> Markers { get; } = [];
    public List<string> Prefixes { get; } = [];
    public List<string> Suffixes { get; } = [];
    public List<string> AllowedDomains { get; } = [];

    public static Lexicon Parse(string source, string text)
    {
        var lexicon = new Lexicon { Source = source };
        string? cue = null;
        var weight = 1.0;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var hash = rawLine.IndexOf('#');
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length == 0) continue;
            try
            {
                if (line[0] == '!') lexicon.Directive(line[1..]);
                else if (line[0] == '@') (cue, weight) = ParseCueHeader(line[1..]);
                else
                {
                    if (cue is null) throw new FormatException("a term before any '@cue' line");
                    foreach (var term in List(line))
                        lexicon.Terms.Add(new LexiconTerm(source, cue, weight, lexicon.Language, term));
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"{source}:{lineNumber}: {e.Message}", e);
            }
        }
        return lexicon;
    }

    private void Directive(string line)
    {
        var space = line.IndexOf(' ');
        var name = space < 0 ? line : line[..space];
        var rest = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case "language": Language = rest.ToLowerInvariant(); break;
            case "markers": Markers.AddRange(List(rest).Select(TextFold.FoldWord)); break;
            case "prefixes": Prefixes.AddRange(List(rest).Select(TextFold.FoldWord)); break;
            case "suffixes": Suffixes.AddRange(List(rest).Select(TextFold.FoldWord)); break;
            case "allow": AllowedDomains.AddRange(List(rest).Select(d => d.ToLowerInvariant())); break;
            case "combo": Combos.Add(ParseCombo(rest)); break;
            case "detect": Routes.AddRange(ParseRoutes(rest)); break;
            case "suppress": Suppressions.Add(ParseSuppression(rest)); break;
            default: throw new FormatException($"unknown directive '!{name}'");
        }
    }

    public static IEnumerable<string> List(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static (string Cue, double Weight) ParseCueHeader(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2) throw new FormatException("expected '@cue [weight]'");
        return (CheckCue(parts[0]), parts.Length == 2 ? ParseWeight(parts[1]) : 1.0);
    }

    public static string CheckCue(string cue)
    {
        var dot = cue.IndexOf('.');
        var category = dot < 0 ? cue : cue[..dot];
        if (!ScreeningCategoryNames.TryParse(category, out _))
            throw new FormatException($"unknown category '{category}' in cue '{cue}'");
        if (dot >= 0 && dot == cue.Length - 1) throw new FormatException($"empty cue name in '{cue}'");
        return cue;
    }

    public static double ParseWeight(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0 && w <= 10
            ? w
            : throw new FormatException($"weight '{text}' is not a number in (0, 10]");

    private static ComboRule ParseCombo(string text)
    {
        // review_incentive = review_incentive.reward + review_incentive.review [within 12]
        var eq = text.IndexOf('=');
        if (eq < 0) throw new FormatException("expected '!combo category = cue + cue [within N]'");
        if (!ScreeningCategoryNames.TryParse(text[..eq].Trim(), out var category))
            throw new FormatException($"unknown category '{text[..eq].Trim()}'");
        var body = text[(eq + 1)..];
        int? within = null;
        var w = body.IndexOf(" within ", StringComparison.Ordinal);
        if (w >= 0)
        {
            within = int.TryParse(body[(w + 8)..].Trim(), CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new FormatException("'within' needs a positive number of words");
            body = body[..w];
        }
        var cues = body.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(CheckCue).ToArray();
        if (cues.Length < 2) throw new FormatException("a combo needs at least two cues");
        return new ComboRule(category, cues, within);
    }

    private static IEnumerable<DetectorRoute> ParseRoutes(string text)
    {
        // phone = off_platform, scam.contact 0.5
        var eq = text.IndexOf('=');
        if (eq < 0) throw new FormatException("expected '!detect detector = cue [weight], …'");
        var detector = text[..eq].Trim();
        if (!ContactScanner.Detectors.Contains(detector))
            throw new FormatException($"unknown detector '{detector}' (known: {string.Join(", ", ContactScanner.Detectors)})");
        return List(text[(eq + 1)..]).Select(route =>
        {
            var (cue, weight) = ParseCueHeader(route);
            return new DetectorRoute(detector, cue, weight);
        }).ToList();
    }

    private static (ScreeningCategory, ScreeningCategory) ParseSuppression(string text)
    {
        var parts = text.Split(" when ", StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !ScreeningCategoryNames.TryParse(parts[0], out var dropped) || !ScreeningCategoryNames.TryParse(parts[1], out var when))
            throw new FormatException("expected '!suppress category when category'");
        return (dropped, when);
    }
}

internal sealed record LexiconTerm(string Source, string Cue, double Weight, string? Language, string Text);

internal sealed record ComboRule(ScreeningCategory Category, string[] Cues, int? Within);

internal sealed record DetectorRoute(string Detector, string Cue, double Weight);
