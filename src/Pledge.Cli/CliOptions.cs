namespace Pledge.Cli;

/// <summary><c>--name value</c> options; unknown or repeated options are errors.</summary>
public sealed class CliOptions
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    private CliOptions() { }

    public static CliOptions Parse(string[] args, params string[] known)
    {
        var options = new CliOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
                throw new CliException($"unknown option '{name}' (known: {string.Join(", ", known.Select(k => "--" + k))})", 2);
            if (i + 1 >= args.Length)
                throw new CliException($"option '{name}' needs a value", 2);
            if (!options.values.TryAdd(name[2..], args[++i]))
                throw new CliException($"option '{name}' given twice", 2);
        }
        return options;
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new CliException($"missing option '--{name}'", 2);
}
