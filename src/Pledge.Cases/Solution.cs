namespace Pledge.Cases;

/// <summary>A way to settle a dispute, wanted by the buyer, offered by either side or ruled by customer care.</summary>
/// <param name="Amount">Required for <see cref="SolutionKind.PartialRefund"/>; optional otherwise (e.g. the refund of a return).</param>
/// <param name="Details">Required for <see cref="SolutionKind.Other"/>.</param>
public sealed record Solution(SolutionKind Kind, Money? Amount = null, string? Details = null)
{
    /// <summary>
    /// The sides that must carry the solution out once agreed: a refund or a resend is the seller's alone;
    /// a return, a replacement (the faulty item goes back) or anything else needs both.
    /// </summary>
    public IReadOnlyList<Party> Executors() => Kind switch
    {
        SolutionKind.FullRefund or SolutionKind.PartialRefund or SolutionKind.Resend => [Party.Seller],
        _ => [Party.Buyer, Party.Seller],
    };
}
