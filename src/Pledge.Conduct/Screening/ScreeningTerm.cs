namespace Pledge.Conduct.Screening;

/// <summary>A tenant's extra lexicon entry.</summary>
/// <param name="Cue">A category name (<c>profanity</c>) or a category cue used by combination rules (<c>review_incentive.reward</c>).</param>
/// <param name="Term">A word or phrase; a trailing <c>*</c> on a word matches any ending, <c>_</c> matches any one word.</param>
/// <param name="Weight">How much one match counts; a category fires when its matches add up to 1.</param>
/// <param name="Language">Restricts the term to messages not clearly in another language (<c>id</c>, <c>ro</c>, <c>en</c>); null for any.</param>
public sealed record ScreeningTerm(string Cue, string Term, double Weight = 1, string? Language = null);
