namespace Pledge.Conduct.Screening;

/// <summary>What a tenant adds to the product's screening rules.</summary>
/// <param name="Terms">Extra lexicon entries.</param>
/// <param name="AllowedDomains">Link hosts that are not off-platform (a domain allows its subdomains).</param>
/// <param name="Lexicon">Extra lexicon text in the lexicon file format (see docs/SCREENING.md).</param>
public sealed record ScreeningExtension(
    IReadOnlyList<ScreeningTerm>? Terms = null,
    IReadOnlyList<string>? AllowedDomains = null,
    string? Lexicon = null);
