namespace Pledge.Cases.Tests;

internal static class Samples
{
    /// <summary>Monday 2 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Microsecond = TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);

    public static readonly Actor Buyer = new("buyer-1", ActorRole.Buyer);
    public static readonly Actor Seller = new("seller-1", ActorRole.Seller);
    public static readonly Actor Customer = new("customer-1", ActorRole.Customer);
    public static readonly Actor Reviewer = new("care-7", ActorRole.Reviewer);
    public static readonly Actor Platform = new("shop-platform", ActorRole.Platform);

    public static Money Eur(decimal amount) => new(amount, "EUR");

    public static readonly Evidence Photo = new(EvidenceKind.Photo, "s3://evidence/box.jpg", new string('a', 64),
        new Dictionary<string, string> { ["fileName"] = "box.jpg" });

    /// <summary>A dispute under <paramref name="policy"/> whose seller must answer by <see cref="Start"/> + 3 days.</summary>
    public static OpenDispute Dispute(CasePolicy? policy = null, Solution? wanted = null) => new(
        Buyer, "order-42", Seller.Id, DisputeProblem.Damaged, "The vase arrived broken.", [Photo],
        wanted ?? new Solution(SolutionKind.FullRefund), Start.AddDays(3), policy);

    public static FileMoneyBackClaim Claim(
        IReadOnlyList<ClaimCategory> categories,
        ConversationBreaches? breaches = null,
        IReadOnlyList<string>? messageIds = null,
        CasePolicy? policy = null,
        DateTimeOffset? endedAt = null) => new(
        Customer, "conv-9", "talent-3", categories, messageIds ?? [], endedAt ?? Start.AddHours(-1),
        "The talent was rude and slow.", breaches,
        [new ScreeningFinding("m-5", "insult", 4, 6, "en.insult.idiot")], Eur(10m), policy);

    public static ConversationBreaches Breaches(bool eligible, int slow, int verySlow) => new(
        eligible, new Dictionary<TimeSpan, int> { [TimeSpan.FromMinutes(2)] = slow, [TimeSpan.FromMinutes(5)] = verySlow }, "talent-chat", 1);

    public static RegisterComplaint Complaint(DateTimeOffset? answerBy) => new(
        Platform, "PLG-2026-000001", "acme", Customer.Id, ContactChannel.Phone, "Double charge", "I was charged twice in February.", answerBy);

    public static OpenSellerTicket Ticket() => new(Seller, "conv-77", "buyer-9", ["m-1", "m-2"], TicketReason.UnreasonableDemands, "Demands a 90% discount daily.");
}
