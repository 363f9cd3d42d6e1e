namespace Pledge.Cases;

/// <summary>The case policy presets every tenant starts from.</summary>
public static class CasePolicies
{
    /// <summary>
    /// <c>cases-standard</c>: seller and buyer answer within 3 business days, an agreement is carried out within
    /// 5 business days, the buyer escalates by hand, a silent buyer lapses the dispute; claims within 7 days of
    /// the conversation's end, eligible response-time claims approved automatically; complaints answered within
    /// 7 business days.
    /// </summary>
    public static CasePolicy Standard { get; } = new(
        "cases-standard",
        1,
        new DisputePolicy(CaseTerm.Business(3), CaseTerm.Business(3), CaseTerm.Business(5), AutoEscalate: false, CloseOnBuyerSilence: true),
        new ClaimPolicy(TimeSpan.FromDays(7), ResponseTimeClaimHandling.AutoApprove),
        new ComplaintPolicy(CaseTerm.Business(7)));

    /// <summary>
    /// <c>cases-guarded</c>: like <see cref="Standard"/>, but a silent seller escalates at once, a silent buyer
    /// escalates too, and eligible response-time claims wait for a reviewer's quick confirmation.
    /// </summary>
    public static CasePolicy Guarded { get; } = Standard with
    {
        Name = "cases-guarded",
        Dispute = Standard.Dispute with { AutoEscalate = true, CloseOnBuyerSilence = false },
        Claim = Standard.Claim with { ResponseTime = ResponseTimeClaimHandling.Confirm },
    };

    public static IReadOnlyList<CasePolicy> All { get; } = [Standard, Guarded];

    public static CasePolicy? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
