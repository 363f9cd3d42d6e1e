namespace Pledge.Conduct.Screening;

/// <summary>
/// A character trie over the first words of lexicon entries. One walk over a token finds every entry whose
/// first word equals the token and every prefix entry (<c>bangsat*</c>) the token starts with; most tokens
/// leave the trie after a character or two, which keeps screening fast.
/// </summary>
internal sealed class WordTrie
{
    private readonly Node root = new();

    public void Add(string word, bool prefix, int entry)
    {
        var node = root;
        foreach (var c in word) node = node.Child(c, create: true)!;
        if (prefix) (node.PrefixEntries ??= []).Add(entry);
        else (node.ExactEntries ??= []).Add(entry);
    }

    /// <summary>Adds to <paramref name="found"/> the entries <paramref name="word"/> matches.</summary>
    public void Match(ReadOnlySpan<char> word, List<int> found, bool exactOnly = false)
    {
        var node = root;
        for (var i = 0; i < word.Length; i++)
        {
            node = node.Child(word[i], create: false);
            if (node is null) return;
            if (!exactOnly && node.PrefixEntries is { } prefixed) found.AddRange(prefixed);
        }
        if (node.ExactEntries is { } exact) found.AddRange(exact);
    }

    private sealed class Node
    {
        private Node?[]? ascii;
        private List<(char Key, Node Node)>? other;
        public List<int>? ExactEntries;
        public List<int>? PrefixEntries;

        public Node? Child(char c, bool create)
        {
            var slot = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '0' and <= '9' ? 26 + c - '0' : -1;
            if (slot >= 0)
            {
                if (ascii is null)
                {
                    if (!create) return null;
                    ascii = new Node?[36];
                }
                return ascii[slot] ?? (create ? ascii[slot] = new Node() : null);
            }
            if (other is not null)
                foreach (var (key, node) in other)
                    if (key == c) return node;
            if (!create) return null;
            var added = new Node();
            (other ??= []).Add((c, added));
            return added;
        }
    }
}
