using System.Collections.Frozen;
using System.Reflection;

namespace Pledge.Conduct.Screening;

/// <summary>
/// The compiled lexicons and rules a <see cref="Screener"/> runs: the product's own lexicon files (embedded
/// resources under <c>Screening/Lexicons</c>) plus whatever a tenant adds with <see cref="Extend"/>. Immutable.
/// </summary>
public sealed class ScreeningRules
{
    private const string ResourcePrefix = "Pledge.Conduct.Screening.Lexicons.";
    private static readonly Lazy<ScreeningRules> DefaultRules = new(LoadDefault);

    private readonly IReadOnlyList<Lexicon> lexicons;

    private ScreeningRules(IReadOnlyList<Lexicon> lexicons)
    {
        this.lexicons = lexicons;
        var cueIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var category in ScreeningCategoryNames.Values) cueIndex[category.Name()] = cueIndex.Count;
        int Cue(string name)
        {
            if (!cueIndex.TryGetValue(name, out var index)) cueIndex[name] = index = cueIndex.Count;
            return index;
        }

        var languages = lexicons.Select(l => l.Language).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        Languages = languages;
        int LanguageOf(string? code) => code is null ? -1 : Array.IndexOf(languages, code) is var i && i >= 0 ? i
            : throw new FormatException($"language '{code}' has no lexicon file with '!language {code}'");

        var entries = new List<LexiconEntry>();
        var terms = lexicons.SelectMany(l => l.Terms).DistinctBy(t => (t.Cue, t.Language, t.Text)).ToList();
        foreach (var term in terms)
        {
            var words = term.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var folded = words.Select(w => w == "_" ? "_" : TextFold.FoldWord(w.TrimEnd('*'))).ToArray();
            if (folded.Length == 0 || folded.Any(w => w.Length == 0) || folded[0] == "_")
                throw new FormatException($"{term.Source}: term '{term.Text}' has an empty or wildcard first word");
            entries.Add(new LexiconEntry(
                entries.Count, Cue(term.Cue), term.Weight, LanguageOf(term.Language),
                folded[0], words[0].EndsWith('*'), folded[1..], words[1..].Select(w => w.EndsWith('*')).ToArray(),
                $"{term.Source}/{term.Cue}:{term.Text}"));
        }
        foreach (var entry in entries)
        {
            Trie.Add(entry.First, entry.FirstIsPrefix, entry.Id);
            var squeezed = TextFold.Squeeze(entry.First, out _);
            SqueezedTrie.Add(squeezed, entry.FirstIsPrefix, entry.Id);
        }

        var routes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var route in lexicons.SelectMany(l => l.Routes).DistinctBy(r => (r.Detector, r.Cue)))
        {
            var entry = new LexiconEntry(entries.Count, Cue(route.Cue), route.Weight, -1, "", false, [], [], $"detector/{route.Detector}");
            entries.Add(entry);
            (routes.TryGetValue(route.Detector, out var list) ? list : routes[route.Detector] = []).Add(entry.Id);
        }
        Routes = routes.ToFrozenDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal);

        Combos = lexicons.SelectMany(l => l.Combos).Select(c => new CompiledCombo(c.Category, c.Cues.Select(Cue).ToArray(), c.Within)).ToArray();
        Entries = entries.ToArray();
        CueCategory = cueIndex.OrderBy(c => c.Value).Select(c => ParseCategory(c.Key)).ToArray();
        CueNames = cueIndex.OrderBy(c => c.Value).Select(c => c.Key).ToArray();
        Suppressions = lexicons.SelectMany(l => l.Suppressions).Distinct().ToArray();
        AllowedDomains = lexicons.SelectMany(l => l.AllowedDomains).ToFrozenSet(StringComparer.Ordinal);

        var markers = new Dictionary<string, int>(StringComparer.Ordinal);
        var affixes = new List<(string Affix, bool IsPrefix, int Language)>();
        foreach (var lexicon in lexicons.Where(l => l.Language is not null))
        {
            var bit = 1 << LanguageOf(lexicon.Language);
            foreach (var marker in lexicon.Markers) markers[marker] = markers.GetValueOrDefault(marker) | bit;
            affixes.AddRange(lexicon.Prefixes.Select(p => (p, true, LanguageOf(lexicon.Language))));
            affixes.AddRange(lexicon.Suffixes.Select(s => (s, false, LanguageOf(lexicon.Language))));
        }
        Markers = markers.ToFrozenDictionary(StringComparer.Ordinal);
        MarkerLookup = Markers.GetAlternateLookup<ReadOnlySpan<char>>();
        Prefixes = affixes.Where(a => a.IsPrefix).Distinct().Select(a => (a.Affix, a.Language)).ToArray();
        Suffixes = affixes.Where(a => !a.IsPrefix).Distinct().Select(a => (a.Affix, a.Language)).ToArray();
        foreach (var group in Prefixes.Where(a => a.Affix.Length > 0).GroupBy(a => a.Affix[0])) prefixesByFirst[group.Key] = group.ToArray();
        foreach (var group in Suffixes.Where(a => a.Affix.Length > 0).GroupBy(a => a.Affix[^1])) suffixesByLast[group.Key] = group.ToArray();
    }

    /// <summary>The product's rules: the embedded lexicons, no allowed link domains.</summary>
    public static ScreeningRules Default => DefaultRules.Value;

    /// <summary>Builds rules from lexicon texts (name, text) in the lexicon file format.</summary>
    /// <exception cref="FormatException">A lexicon line is malformed; the message names the file and line.</exception>
    public static ScreeningRules FromLexicons(IEnumerable<(string Name, string Text)> files) =>
        new(files.Select(f => Lexicon.Parse(f.Name, f.Text)).ToArray());

    /// <summary>These rules plus a tenant's terms, lexicon text and allowed link domains.</summary>
    /// <exception cref="ArgumentException">An extension entry is malformed; the message names the field at fault.</exception>
    public ScreeningRules Extend(ScreeningExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var added = new List<Lexicon>();
        if (extension.Lexicon is { Length: > 0 } text)
        {
            try { added.Add(Lexicon.Parse("tenant", text)); }
            catch (FormatException e) { throw new ArgumentException(e.Message, "lexicon", e); }
        }
        var tenant = new Lexicon { Source = "tenant" };
        var index = 0;
        foreach (var term in extension.Terms ?? [])
        {
            var field = $"terms[{index++}]";
            try
            {
                if (string.IsNullOrWhiteSpace(term.Term)) throw new FormatException("the term is empty");
                if (term.Term.Contains(',', StringComparison.Ordinal) || term.Term.Contains('#', StringComparison.Ordinal))
                    throw new FormatException("a term cannot contain ',' or '#'");
                if (term.Language is { } language && !Languages.Contains(language))
                    throw new FormatException($"unknown language '{language}' (known: {string.Join(", ", Languages)})");
                if (!(term.Weight > 0 && term.Weight <= 10)) throw new FormatException($"weight {term.Weight} is not in (0, 10]");
                tenant.Terms.Add(new LexiconTerm("tenant", Lexicon.CheckCue(term.Cue), term.Weight, term.Language, term.Term.Trim()));
            }
            catch (FormatException e) { throw new ArgumentException($"{field}: {e.Message}", field, e); }
        }
        index = 0;
        foreach (var domain in extension.AllowedDomains ?? [])
        {
            var field = $"allowedDomains[{index++}]";
            var host = domain.Trim().ToLowerInvariant();
            if (host.Length == 0 || !host.Contains('.', StringComparison.Ordinal) || host.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')))
                throw new ArgumentException($"{field}: '{domain}' is not a domain name like shop.example.com", field);
            tenant.AllowedDomains.Add(host);
        }
        added.Add(tenant);
        return new ScreeningRules([.. lexicons, .. added]);
    }

    /// <summary>Link hosts that are not off-platform; a domain also allows its subdomains.</summary>
    public IReadOnlySet<string> AllowedDomains { get; }

    /// <summary>Language codes that have a lexicon file.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>The number of lexicon terms and detector routes.</summary>
    public int EntryCount => Entries.Length;

    internal LexiconEntry[] Entries { get; }
    internal WordTrie Trie { get; } = new();
    internal WordTrie SqueezedTrie { get; } = new();
    internal FrozenDictionary<string, int[]> Routes { get; }
    internal CompiledCombo[] Combos { get; }
    internal ScreeningCategory[] CueCategory { get; }
    internal string[] CueNames { get; }
    internal (ScreeningCategory Dropped, ScreeningCategory When)[] Suppressions { get; }
    internal FrozenDictionary<string, int> Markers { get; }
    internal FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> MarkerLookup { get; }
    internal (string Affix, int Language)[] Prefixes { get; }
    internal (string Affix, int Language)[] Suffixes { get; }
    private readonly Dictionary<char, (string Affix, int Language)[]> prefixesByFirst = [];
    private readonly Dictionary<char, (string Affix, int Language)[]> suffixesByLast = [];

    internal (string Affix, int Language)[] PrefixesStartingWith(char first) => prefixesByFirst.GetValueOrDefault(first, []);

    internal (string Affix, int Language)[] SuffixesEndingWith(char last) => suffixesByLast.GetValueOrDefault(last, []);

    internal bool IsAllowedHost(string host)
    {
        if (AllowedDomains.Count == 0) return false;
        for (var h = host; ; )
        {
            if (AllowedDomains.Contains(h)) return true;
            var dot = h.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) return false;
            h = h[(dot + 1)..];
        }
    }

    private static ScreeningCategory ParseCategory(string cue)
    {
        var dot = cue.IndexOf('.');
        ScreeningCategoryNames.TryParse(dot < 0 ? cue : cue[..dot], out var category);
        return category;
    }

    private static ScreeningRules LoadDefault()
    {
        var assembly = typeof(ScreeningRules).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ResourcePrefix.Length..^4], Read(assembly, n)));
        return FromLexicons(files);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One compiled lexicon term (or detector route): its first word goes into the trie, the rest is checked after.</summary>
internal sealed record LexiconEntry(
    int Id, int Cue, double Weight, int Language, string First, bool FirstIsPrefix, string[] Rest, bool[] RestIsPrefix, string Rule);

internal sealed record CompiledCombo(ScreeningCategory Category, int[] Cues, int? Within);
