using System.Collections.Immutable;

namespace Pledge.Conduct.Screening;

/// <summary>
/// Screens a message against <see cref="ScreeningRules"/>: tokenises once, looks every token up in the lexicon
/// trie under its spellings, runs the contact scanners, adds up the weights per cue and fires the categories
/// whose weights reach 1 or whose combination rules hold. Findings point into the original text.
/// </summary>
public sealed class Screener(ScreeningRules rules) : IScreener
{
    private const double Fires = 0.999;
    private readonly Func<string, bool> isAllowedHost = rules.IsAllowedHost;

    public static Screener Default { get; } = new(ScreeningRules.Default);

    public ScreeningRules Rules { get; } = rules;

    public ScreeningResult Screen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenizer.Tokenize(text);
        var matches = new List<Match>();
        var languageHits = MatchTerms(tokens, matches);
        MatchDetectors(text, tokens, matches);
        if (matches.Count == 0) return ScreeningResult.Clean;

        var excluded = ExcludedLanguages(languageHits);
        var entries = Rules.Entries;
        var scores = new double[Rules.CueNames.Length];
        var counted = new HashSet<int>();
        var kept = new List<Match>(matches.Count);
        foreach (var match in matches)
        {
            var entry = entries[match.Entry];
            if (entry.Language >= 0 && (excluded & (1 << entry.Language)) != 0) continue;
            kept.Add(match);
            if (counted.Add(entry.Id)) scores[entry.Cue] += entry.Weight;
        }

        var categoryCount = ScreeningCategoryNames.Values.Count;
        var fired = new bool[categoryCount];
        var comboCues = new List<int>?[categoryCount];
        for (var c = 0; c < categoryCount; c++) fired[c] = scores[c] >= Fires;
        foreach (var combo in Rules.Combos)
        {
            if (!Holds(combo, scores, kept, entries)) continue;
            fired[(int)combo.Category] = true;
            (comboCues[(int)combo.Category] ??= []).AddRange(combo.Cues);
        }
        foreach (var (dropped, when) in Rules.Suppressions)
            if (fired[(int)when]) fired[(int)dropped] = false;

        var findings = new List<Finding>();
        var categories = ImmutableArray.CreateBuilder<ScreeningCategory>();
        for (var c = 0; c < categoryCount; c++)
        {
            if (!fired[c]) continue;
            var category = (ScreeningCategory)c;
            categories.Add(category);
            foreach (var match in kept)
            {
                var cue = entries[match.Entry].Cue;
                if (cue == c ? scores[c] >= Fires : comboCues[c]?.Contains(cue) ?? false)
                    findings.Add(new Finding(category, match.Start, match.End - match.Start, entries[match.Entry].Rule));
            }
        }
        if (categories.Count == 0) return ScreeningResult.Clean;
        // The sort key is every field of a finding, so equal findings end up side by side and the order is total.
        findings.Sort(InReadingOrder);
        var distinct = ImmutableArray.CreateBuilder<Finding>(findings.Count);
        foreach (var finding in findings)
            if (distinct.Count == 0 || distinct[^1] != finding) distinct.Add(finding);
        return new ScreeningResult(categories.ToImmutable(), distinct.DrainToImmutable());
    }

    private static int InReadingOrder(Finding a, Finding b)
    {
        var order = a.Start.CompareTo(b.Start);
        if (order == 0) order = ((int)a.Category).CompareTo((int)b.Category);
        if (order == 0) order = a.Length.CompareTo(b.Length);
        return order != 0 ? order : string.CompareOrdinal(a.Rule, b.Rule);
    }

    private int[] MatchTerms(List<Token> tokens, List<Match> matches)
    {
        var languageHits = new int[Rules.Languages.Count];
        var candidates = new List<int>(8);
        var affixed = new List<int>(4);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (Rules.MarkerLookup.TryGetValue(token.Plain, out var mask))
                for (var l = 0; l < languageHits.Length; l++)
                    if ((mask & (1 << l)) != 0) languageHits[l]++;

            candidates.Clear();
            Rules.Trie.Match(token.Plain, candidates);
            if (token.Leet is { } leet) Rules.Trie.Match(leet, candidates);
            if (token.Parts is { } parts)
                foreach (var part in parts) Rules.Trie.Match(part, candidates);
            if (token.Squeezed is { } squeezed)
            {
                var before = candidates.Count;
                Rules.SqueezedTrie.Match(squeezed, candidates);
                // "ass" must not become "as": collapsed spellings count for long words or for clearly stretched ones
                if (token.LongestRun < 3)
                    for (var k = candidates.Count - 1; k >= before; k--)
                        if (TextFold.Squeeze(Rules.Entries[candidates[k]].First, out _).Length < 4) candidates.RemoveAt(k);
            }
            foreach (var id in candidates) TryComplete(Rules.Entries[id], tokens, i, matches);

            var word = (token.Leet ?? token.Plain).AsSpan();
            if (word.Length < 5) continue;
            var suffixes = Rules.SuffixesEndingWith(word[^1]);
            foreach (var (prefix, prefixLanguage) in Rules.PrefixesStartingWith(word[0]))
                if (word.Length - prefix.Length >= 3 && word.StartsWith(prefix, StringComparison.Ordinal))
                {
                    MatchStem(word[prefix.Length..], prefixLanguage, tokens, i, matches, affixed);
                    foreach (var (suffix, suffixLanguage) in suffixes)
                        if (suffixLanguage == prefixLanguage && word.Length - prefix.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
                            MatchStem(word[prefix.Length..^suffix.Length], prefixLanguage, tokens, i, matches, affixed);
                }
            foreach (var (suffix, language) in suffixes)
                if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
                    MatchStem(word[..^suffix.Length], language, tokens, i, matches, affixed);
        }
        return languageHits;
    }

    /// <summary>Indonesian and Romanian inflect by affixes (di-bego-in, prost-ule): a stem counts for its own language's words.</summary>
    private void MatchStem(ReadOnlySpan<char> stem, int language, List<Token> tokens, int index, List<Match> matches, List<int> found)
    {
        found.Clear();
        Rules.Trie.Match(stem, found);
        foreach (var id in found)
        {
            var entry = Rules.Entries[id];
            if (entry.Language == language && entry.First.Length >= 4) TryComplete(entry, tokens, index, matches);
        }
    }

    private static void TryComplete(LexiconEntry entry, List<Token> tokens, int first, List<Match> matches)
    {
        var last = first + entry.Rest.Length;
        if (last >= tokens.Count) return;
        for (var k = 0; k < entry.Rest.Length; k++)
            if (entry.Rest[k] != "_" && !tokens[first + 1 + k].Is(entry.Rest[k], entry.RestIsPrefix[k])) return;
        var match = new Match(entry.Id, tokens[first].Start, tokens[last].End, first, last);
        if (!matches.Contains(match)) matches.Add(match);
    }

    private void MatchDetectors(string text, List<Token> tokens, List<Match> matches)
    {
        var found = new List<(string Detector, int Start, int End)>(0);
        ContactScanner.Scan(text, isAllowedHost, found);
        foreach (var (detector, start, end) in found)
        {
            if (!Rules.Routes.TryGetValue(detector, out var routed)) continue;
            var (firstToken, lastToken) = TokenRange(tokens, start, end);
            foreach (var id in routed) matches.Add(new Match(id, start, end, firstToken, lastToken));
        }
    }

    private static (int First, int Last) TokenRange(List<Token> tokens, int start, int end)
    {
        var first = 0;
        while (first < tokens.Count && tokens[first].End <= start) first++;
        var last = first;
        while (last + 1 < tokens.Count && tokens[last + 1].Start < end) last++;
        return (first, last);
    }

    /// <summary>A language's words are ignored when the message is clearly in another language.</summary>
    private static int ExcludedLanguages(int[] hits)
    {
        var most = hits.Length == 0 ? 0 : hits.Max();
        if (most < 2) return 0;
        var excluded = 0;
        for (var l = 0; l < hits.Length; l++)
            if (hits[l] * 4 < most) excluded |= 1 << l;
        return excluded;
    }

    private static bool Holds(CompiledCombo combo, double[] scores, List<Match> kept, LexiconEntry[] entries)
    {
        foreach (var cue in combo.Cues)
            if (scores[cue] <= 0) return false;
        // one word cannot be both halves of a combination ("kafir" is a group and a slur, but alone it is neither pair)
        var window = combo.Within ?? int.MaxValue;
        foreach (var anchor in kept)
        {
            if (entries[anchor.Entry].Cue != combo.Cues[0]) continue;
            var all = true;
            for (var k = 1; k < combo.Cues.Length && all; k++)
            {
                all = false;
                foreach (var other in kept)
                    if (entries[other.Entry].Cue == combo.Cues[k]
                        && (other.LastToken < anchor.FirstToken || other.FirstToken > anchor.LastToken)
                        && Math.Max(other.FirstToken, anchor.FirstToken) - Math.Min(other.LastToken, anchor.LastToken) <= window)
                    {
                        all = true;
                        break;
                    }
            }
            if (all) return true;
        }
        return false;
    }

    private readonly record struct Match(int Entry, int Start, int End, int FirstToken, int LastToken);
}
