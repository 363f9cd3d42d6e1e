using Pledge.Domain.Kernel;

namespace Pledge.Conduct.Screening;

/// <summary>
/// A tenant's screening rules as a policy (family <c>screening</c>, name <see cref="DefaultName"/>): the product's
/// lexicons plus these terms, lexicon text and allowed link domains. The preset adds nothing.
/// </summary>
public sealed record ScreeningPolicy(
    string Name,
    int Version,
    IReadOnlyList<string>? AllowedDomains = null,
    IReadOnlyList<ScreeningTerm>? Terms = null,
    string? Lexicon = null)
{
    public const string DefaultName = "screening";

    private const int MaxDomains = 500;
    private const int MaxTerms = 5_000;
    private const int MaxLexiconLength = 200_000;

    public static ScreeningPolicy Preset { get; } = new(DefaultName, 1);

    /// <summary>True when it adds nothing to the product's rules.</summary>
    public bool IsEmpty => (AllowedDomains?.Count ?? 0) == 0 && (Terms?.Count ?? 0) == 0 && string.IsNullOrWhiteSpace(Lexicon);

    public ScreeningExtension Extension => new(Terms, AllowedDomains, Lexicon);

    /// <summary>Why these rules cannot be used, naming the field at fault; null when they can. Builds them once to be sure.</summary>
    public Rejection? Validate()
    {
        if (Name != DefaultName)
            return Rejection.Invalid("name", $"Screening rules are the policy '{DefaultName}'.");
        if (AllowedDomains is { Count: > MaxDomains })
            return Rejection.Invalid("allowedDomains", $"At most {MaxDomains} allowed domains.");
        if (Terms is { Count: > MaxTerms })
            return Rejection.Invalid("terms", $"At most {MaxTerms} terms.");
        if (Lexicon is { Length: > MaxLexiconLength })
            return Rejection.Invalid("lexicon", $"A lexicon of at most {MaxLexiconLength} characters.");
        if (AllowedDomains?.Any(d => d is null) == true || Terms?.Any(t => t is null) == true)
            return Rejection.Invalid(AllowedDomains?.Any(d => d is null) == true ? "allowedDomains" : "terms", "Entries may not be null.");
        try
        {
            ScreeningRules.Default.Extend(Extension);
            return null;
        }
        catch (ArgumentException e)
        {
            return Rejection.Invalid(e.ParamName ?? "terms", e.Message);
        }
    }
}
