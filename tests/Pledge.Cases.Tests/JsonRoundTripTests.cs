using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using static Pledge.Cases.Tests.Samples;

namespace Pledge.Cases.Tests;

public sealed class JsonRoundTripTests
{
    private static readonly CasesJsonContext Json = CasesJsonContext.Default;

    /// <summary>Every case kind's story, so that every command and event type occurs.</summary>
    private static List<CaseRun> Stories()
    {
        var dispute = new CaseRun();
        dispute.Accept(Dispute(CasePolicies.Guarded, new Solution(SolutionKind.Other, null, "Send the matching saucer.")));
        dispute.Accept(new OfferSolution(Seller, new Solution(SolutionKind.PartialRefund, Eur(12.34m)), "Saucer sold out.", [Photo], Start.AddDays(2)));
        dispute.Accept(new OfferSolution(Buyer, new Solution(SolutionKind.ReturnAndRefund, Eur(40m)), "Then take it all back.", null, Start.AddDays(3)));
        dispute.Accept(new AcceptSolution(Seller, Start.AddDays(6)));
        dispute.Accept(new ReportExecution(Platform, Party.Buyer, "Tracking RR123"));
        dispute.AdvanceTo(Start.AddDays(7));
        dispute.Accept(new DecideDispute(Reviewer, Party.Buyer, "Return arrived; seller did not refund.", new Solution(SolutionKind.FullRefund)));

        var silent = new CaseRun();
        silent.Accept(Dispute());
        silent.AdvanceTo(Start.AddDays(4));
        silent.Accept(new EscalateDispute(Buyer, "No answer."));
        silent.Accept(new WithdrawCase(Buyer, "Settled by phone."));

        var lapsed = new CaseRun();
        lapsed.Accept(Dispute());
        lapsed.Accept(new OfferSolution(Seller, new Solution(SolutionKind.Resend), "Resending.", null, Start.AddDays(1)));
        lapsed.AdvanceTo(Start.AddDays(2));

        var resolved = new CaseRun();
        resolved.Accept(Dispute());
        resolved.Accept(new AcceptSolution(Seller, Start.AddDays(1)));
        resolved.Accept(new ReportExecution(Platform, Party.Seller));

        var autoClaim = new CaseRun();
        autoClaim.Accept(Claim([ClaimCategory.ResponseTime], Breaches(true, 6, 2)));
        var reviewedClaim = new CaseRun();
        reviewedClaim.Accept(Claim([ClaimCategory.Demeaning, ClaimCategory.Sara], messageIds: ["m-5", "m-6"]));
        reviewedClaim.Accept(new RejectCase(Reviewer, "Banter, both ways."));
        var ineligible = new CaseRun();
        ineligible.Accept(Claim([ClaimCategory.ResponseTime], Breaches(false, 1, 0)));
        var approved = new CaseRun();
        approved.Accept(Claim([ClaimCategory.ResponseTime], Breaches(true, 5, 0), policy: CasePolicies.Guarded));
        approved.Accept(new ApproveClaim(Reviewer, Eur(9.99m), "Confirmed."));

        var complaint = new CaseRun();
        complaint.Accept(Complaint(Start.AddDays(9)));
        complaint.AdvanceTo(Start.AddDays(10));
        complaint.Accept(new AnswerComplaint(Platform, "Refunded."));
        complaint.Accept(new CloseComplaint(Customer, ComplaintResolution.NotResolved, "Still waiting for the money."));

        var cancellation = new CaseRun();
        cancellation.Accept(new RequestCancellation(Customer, Customer.Id, "sub-1", ContactChannel.Letter, Start.AddDays(-1), Eur(20m), "Moving abroad."));

        var upheld = new CaseRun();
        upheld.Accept(Ticket());
        upheld.Accept(new UpholdTicket(Reviewer, "Abusive."));
        var rejectedTicket = new CaseRun();
        rejectedTicket.Accept(Ticket());
        rejectedTicket.Accept(new RejectCase(Reviewer, "Fair complaint."));

        return [dispute, silent, lapsed, resolved, autoClaim, reviewedClaim, ineligible, approved, complaint, cancellation, upheld, rejectedTicket];
    }

    private static IEnumerable<CaseCommand> Commands()
    {
        var opening = new CaseCommand[]
        {
            Dispute(CasePolicies.Guarded), Claim([ClaimCategory.ResponseTime], Breaches(true, 5, 1), ["m-1"], CasePolicies.Standard),
            Complaint(Start.AddDays(9)), new RequestCancellation(Platform, "c", "s", ContactChannel.InPerson, Start, Eur(1m), "r"), Ticket(),
        };
        var acting = new CaseCommand[]
        {
            new AcceptSolution(Buyer, Start), new OfferSolution(Seller, new Solution(SolutionKind.Replacement), "x", [Photo], Start),
            new EscalateDispute(Platform, "n"), new ReportExecution(Platform, Party.Seller, "n"), new DecideDispute(Reviewer, Party.Seller, "r"),
            new WithdrawCase(Customer), new ApproveClaim(Reviewer, Eur(2m), "n"), new RejectCase(Reviewer, "r"), new UpholdTicket(Reviewer),
            new AnswerComplaint(Platform, "t"), new CloseComplaint(Customer, ComplaintResolution.Resolved), new ReachDeadline(Actor.Automation, "response:1", Start),
        };
        return opening.Concat(acting);
    }

    [Fact]
    public void Every_command_round_trips()
    {
        var commands = Commands().ToList();

        foreach (var command in commands) AssertRoundTrips(command, Json.CaseCommand);

        AssertCovers<CaseCommand>(commands.Select(c => c.GetType()));
    }

    [Fact]
    public void Every_event_round_trips_with_its_type_name()
    {
        var events = Stories().SelectMany(s => s.Events).ToList();

        foreach (var e in events)
        {
            var json = AssertRoundTrips(e, Json.CaseEvent);
            Assert.StartsWith($"{{\"type\":\"{CaseKinds.Case.EventType(e)}\"", json);
        }

        AssertCovers<CaseEvent>(events.Select(e => e.GetType()));
    }

    [Fact]
    public void Every_state_round_trips_with_the_same_deadlines()
    {
        foreach (var run in Stories())
        {
            var state = CaseState.Initial;
            foreach (var e in run.Events)
            {
                state = CaseDecider.Instance.Evolve(state, e);
                AssertRoundTrips(state, Json.CaseState);
                var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(state, Json.CaseState), Json.CaseState)!;
                Assert.Equal(CaseDecider.Instance.Deadlines(state), CaseDecider.Instance.Deadlines(back));
                Assert.Equal(CaseKinds.Status(state), CaseKinds.Status(back));
            }
        }
    }

    [Fact]
    public void The_other_kinds_round_trip()
    {
        AssertRoundTrips<ProtocolCounterCommand>(new IssueProtocolNumber("r-1", "ACME"), Json.ProtocolCounterCommand);
        AssertRoundTrips<ProtocolCounterEvent>(new ProtocolNumberIssued(Start, "r-1", 7, "ACME-2026-000007"), Json.ProtocolCounterEvent);
        AssertRoundTrips(new ProtocolCounterState(7, [new IssuedProtocol("r-1", 7, "ACME-2026-000007", Start)]), Json.ProtocolCounterState);
        AssertRoundTrips<ComplaintStatsCommand>(new RecordComplaintClosure("case-1", "P-1", Start, ComplaintResolution.NotResolved), Json.ComplaintStatsCommand);
        var closure = new ComplaintClosure("case-1", "P-1", Start, ComplaintResolution.Resolved);
        AssertRoundTrips<ComplaintStatsEvent>(new ComplaintClosureRecorded(closure), Json.ComplaintStatsEvent);
        AssertRoundTrips(new ComplaintStatsState([closure]), Json.ComplaintStatsState);
        AssertRoundTrips<ClaimRegistryCommand>(new ReserveClaim("claim-1", [ClaimCategory.Sara]), Json.ClaimRegistryCommand);
        AssertRoundTrips<ClaimRegistryCommand>(new ReleaseClaim("claim-1"), Json.ClaimRegistryCommand);
        AssertRoundTrips<ClaimRegistryEvent>(new ClaimReserved(Start, "claim-1", [ClaimCategory.Sara]), Json.ClaimRegistryEvent);
        AssertRoundTrips<ClaimRegistryEvent>(new ClaimReleased(Start, "claim-1"), Json.ClaimRegistryEvent);
        AssertRoundTrips(new ClaimRegistryState([new ClaimReservation(ClaimCategory.Sara, "claim-1", Start)]), Json.ClaimRegistryState);
        AssertRoundTrips(CasePolicies.All, Json.IReadOnlyListCasePolicy);
    }

    [Fact]
    public void The_index_is_written_with_its_counts()
    {
        var json = JsonSerializer.Serialize(new ResolutionIndex(Start, Start.AddDays(30), 4, 3), Json.ResolutionIndex);

        Assert.Contains("\"closed\":4,\"resolved\":3,\"notResolved\":1,\"index\":0.75", json);
    }

    [Fact]
    public void A_client_command_reads_in_the_rest_contracts_form()
    {
        const string json = """
            {"by":{"id":"buyer-1","role":"buyer"},"action":"open_dispute","orderId":"o-1","sellerId":"seller-1",
             "problem":"not_as_described","description":"Blue, not red.",
             "evidence":[{"kind":"receipt","ref":"https://files/r.pdf","sha256":"ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789"}],
             "wanted":{"kind":"partial_refund","amount":{"amount":12.5,"currency":"EUR"}},"respondBy":"2026-03-05T09:00:00+01:00"}
            """;

        var command = Assert.IsType<OpenDispute>(JsonSerializer.Deserialize(json, Json.CaseCommand));

        Assert.Equal(DisputeProblem.NotAsDescribed, command.Problem);
        Assert.Equal(new Money(12.5m, "EUR"), command.Wanted.Amount);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero), command.RespondBy);
        Assert.Null(command.Policy);
        Assert.True(CaseDecider.Instance.Decide(command, CaseState.Initial, Start).IsAccepted);
    }

    [Theory]
    [InlineData("""{"action":"offer_solution","by":{"id":"s","role":"seller"},"solution":{"kind":"resend"}}""", "explanation")]
    [InlineData("""{"action":"offer_solution","by":{"id":"s","role":"seller"},"solution":{"kind":"resend"},"explanation":null}""", "explanation")]
    [InlineData("""{"action":"reject","by":{"id":"r","role":"judge"},"reason":"x"}""", "role")]
    [InlineData("""{"action":"fly","by":{"id":"r","role":"reviewer"}}""", "fly")]
    public void Malformed_commands_fail_naming_what_is_wrong(string json, string named)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, Json.CaseCommand));

        Assert.Contains(named, error.Message + error.Path, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Breach_tiers_are_written_as_iso_durations()
    {
        var json = JsonSerializer.Serialize<CaseCommand>(Claim([ClaimCategory.ResponseTime], Breaches(true, 5, 1), policy: CasePolicies.Standard), Json.CaseCommand);

        Assert.Contains("\"breaches\":{\"claimEligible\":true,\"breaches\":{\"PT2M\":5,\"PT5M\":1}", json);
        Assert.Contains("\"categories\":[\"response_time\"]", json);
        Assert.Contains("\"window\":\"P7D\"", json);
    }

    private static string AssertRoundTrips<T>(T value, JsonTypeInfo<T> info)
    {
        var json = JsonSerializer.Serialize(value, info);
        var back = JsonSerializer.Deserialize(json, info);
        Assert.NotNull(back);
        if (value is not System.Collections.IEnumerable) Assert.Equal(value!.GetType(), back.GetType());
        Assert.Equal(json, JsonSerializer.Serialize(back, info));
        return json;
    }

    private static void AssertCovers<TBase>(IEnumerable<Type> seen)
    {
        var all = typeof(TBase).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType.Name).Order();
        Assert.Equal(all, seen.Select(t => t.Name).Distinct().Order());
    }
}
