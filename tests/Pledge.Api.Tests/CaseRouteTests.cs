using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pledge.Domain.Calendars;
using Pledge.Domain.Policies;

namespace Pledge.Api.Tests;

public sealed class CaseRouteTests(PledgeApiFactory api) : IClassFixture<PledgeApiFactory>
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    // The calendar of the consumer-complaint preset, which cases count business days in unless the tenant overrides it.
    private static readonly BusinessCalendar SaoPaulo = CalendarCatalog.Shared.Get(PolicyPresets.BrazilBusinessHours);

    [Fact]
    public async Task A_dispute_goes_through_offer_rounds_to_an_agreement_that_is_carried_out()
    {
        var t = await api.NewTenantAsync("case-dispute-rounds");
        var openedAt = api.Clock.GetUtcNow();
        var view = await JsonAsync(await FileAsync(t.Platform, Dispute("d1", "buyer-1", "seller-1")), HttpStatusCode.Created);
        Assert.Equal("dispute", view.GetProperty("type").GetString());
        Assert.Equal("awaiting_seller", Status(view));
        Assert.Equal("cases-standard", view.GetProperty("policy").GetString());
        var respondBy = view.GetProperty("dispute").GetProperty("respondBy").GetDateTimeOffset();
        Assert.Equal(SaoPaulo.AddBusinessDays(openedAt, 3), respondBy);
        Assert.Equal("response:1", view.GetProperty("deadlines")[0].GetProperty("name").GetString());
        Assert.Equal(new[] { "accept_solution", "offer_solution" }, Allowed(view, "seller"));
        Assert.Equal(new[] { "withdraw" }, Allowed(view, "buyer"));
        var opened = view.GetProperty("history")[0];
        Assert.Equal("dispute_opened", opened.GetProperty("what").GetString());
        Assert.Equal("none", opened.GetProperty("from").GetString());
        Assert.Equal("awaiting_seller", opened.GetProperty("to").GetString());
        Assert.Equal("buyer-1", opened.GetProperty("by").GetProperty("id").GetString());

        api.Clock.Advance(TimeSpan.FromHours(5));
        var offeredAt = api.Clock.GetUtcNow();
        view = await JsonAsync(await ActAsync(t.Platform, "d1", new
        {
            action = "offer_solution",
            @as = As("seller-1", "seller"),
            solution = new { kind = "partial_refund", amount = new { amount = 20.00m, currency = "EUR" } },
            explanation = "Only a corner is chipped.",
        }));
        Assert.Equal("awaiting_buyer", Status(view));
        Assert.Equal(SaoPaulo.AddBusinessDays(offeredAt, 3), view.GetProperty("dispute").GetProperty("respondBy").GetDateTimeOffset());
        Assert.Equal(new[] { "accept_solution", "offer_solution", "escalate", "withdraw" }, Allowed(view, "buyer"));

        api.Clock.Advance(TimeSpan.FromHours(1));
        view = await JsonAsync(await ActAsync(t.Platform, "d1", new
        {
            action = "offer_solution",
            @as = As("buyer-1", "buyer"),
            solution = new { kind = "return_and_refund" },
            explanation = "I would rather send it back.",
        }));
        Assert.Equal("awaiting_seller", Status(view));
        Assert.Equal(3, view.GetProperty("dispute").GetProperty("proposals").GetArrayLength());
        Assert.Equal("response:3", view.GetProperty("deadlines")[0].GetProperty("name").GetString());

        api.Clock.Advance(TimeSpan.FromHours(1));
        var agreedAt = api.Clock.GetUtcNow();
        view = await JsonAsync(await ActAsync(t.Platform, "d1", new { action = "accept_solution", @as = As("seller-1", "seller") }));
        Assert.Equal("awaiting_execution", Status(view));
        var dispute = view.GetProperty("dispute");
        Assert.Equal("return_and_refund", dispute.GetProperty("agreed").GetProperty("kind").GetString());
        Assert.Equal(SaoPaulo.AddBusinessDays(agreedAt, 5), dispute.GetProperty("executeBy").GetDateTimeOffset());
        Assert.Equal(new[] { "report_execution", "escalate" }, Allowed(view, "platform"));

        view = await JsonAsync(await ActAsync(t.Platform, "d1", new { action = "report_execution", side = "buyer" }));
        Assert.Equal("awaiting_execution", Status(view));
        view = await JsonAsync(await ActAsync(t.Platform, "d1", new { action = "report_execution", side = "seller", note = "Refund paid." }));
        Assert.Equal("resolved", Status(view));
        Assert.Equal("executed", view.GetProperty("dispute").GetProperty("outcome").GetString());
        Assert.Equal(
            new[] { "dispute_opened", "solution_offered", "solution_offered", "solution_agreed", "execution_reported", "execution_reported", "dispute_resolved" },
            Whats(view));
        Assert.Empty(view.GetProperty("allowed").EnumerateObject());
        Assert.Equal(view.GetRawText(), (await GetCaseAsync(t.Reviewer, "d1")).GetRawText());
    }

    [Fact]
    public async Task A_silent_seller_lets_the_buyer_escalate_and_the_guarded_policy_escalates_at_the_deadline()
    {
        var t = await api.NewTenantAsync("case-dispute-deadline");
        var standard = await JsonAsync(await FileAsync(t.Platform, Dispute("std", "buyer-1", "seller-1")), HttpStatusCode.Created);
        var guarded = await JsonAsync(await FileAsync(t.Platform, Dispute("grd", "buyer-2", "seller-1", "cases-guarded")), HttpStatusCode.Created);
        Assert.Equal("cases-guarded", guarded.GetProperty("policy").GetString());
        var respondBy = standard.GetProperty("dispute").GetProperty("respondBy").GetDateTimeOffset();

        var early = await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "std", new { action = "escalate", @as = As("buyer-1", "buyer") }),
            HttpStatusCode.Conflict, "action");
        Assert.Equal("withdraw", early.GetProperty("allowed").GetString());

        api.Clock.AdvanceTo(respondBy);
        Assert.Equal("awaiting_seller", Status(await GetCaseAsync(t.Platform, "grd")));

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var escalated = await Eventually.ReachesAsync(t.Reviewer, "/v1/cases/grd", v => Status(v) == "escalated");
        Assert.Equal("seller_silence", escalated.GetProperty("dispute").GetProperty("escalation").GetString());
        Assert.Equal(new[] { "dispute_opened", "response_overdue", "dispute_escalated" }, Whats(escalated));
        Assert.Equal("system", escalated.GetProperty("history")[2].GetProperty("by").GetProperty("role").GetString());
        Assert.Equal(new[] { "decide" }, Allowed(escalated, "reviewer"));

        var overdue = await Eventually.ReachesAsync(t.Platform, "/v1/cases/std",
            v => v.GetProperty("dispute").GetProperty("overdue").GetBoolean());
        Assert.Equal("awaiting_seller", Status(overdue));
        Assert.Equal(new[] { "escalate", "withdraw" }, Allowed(overdue, "buyer"));
        Assert.Empty(overdue.GetProperty("deadlines").EnumerateArray());

        var byBuyer = await JsonAsync(await ActAsync(t.Platform, "std", new { action = "escalate", @as = As("buyer-1", "buyer"), note = "No answer." }));
        Assert.Equal("escalated", Status(byBuyer));
        Assert.Equal("buyer_request", byBuyer.GetProperty("dispute").GetProperty("escalation").GetString());

        var decided = await JsonAsync(await ActAsync(t.Reviewer, "std", new
        {
            action = "decide",
            inFavourOf = "buyer",
            reason = "The seller never answered.",
            solution = new { kind = "full_refund" },
        }));
        Assert.Equal("closed", Status(decided));
        var ruling = decided.GetProperty("dispute").GetProperty("ruling");
        Assert.Equal("buyer", ruling.GetProperty("inFavourOf").GetString());
        Assert.Equal("reviewer", ruling.GetProperty("by").GetProperty("role").GetString());
        Assert.Equal("decided", decided.GetProperty("dispute").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_eligible_response_time_claim_is_approved_at_once_and_the_category_cannot_be_claimed_twice()
    {
        var t = await api.NewTenantAsync("case-claim-eligible");
        await OpenConversationAsync(t, "chat-1", "talent-chat", "talent-7", "cust-1");
        for (var i = 1; i <= 3; i++)
        {
            await MessageAsync(t, "chat-1", $"c{i}", "customer", "cust-1", "Are you there?");
            api.Clock.Advance(TimeSpan.FromMinutes(6));
            var tally = i;
            await Eventually.ReachesAsync(t.Platform, "/v1/conversations/chat-1",
                v => v.GetProperty("breaches").GetProperty("PT5M").GetInt32() == tally);
            await MessageAsync(t, "chat-1", $"a{i}", "agent", "talent-7", "Sorry, I am here now.");
        }
        var lastMessageAt = api.Clock.GetUtcNow();
        Assert.True((await JsonAsync(await t.Platform.GetAsync("/v1/conversations/chat-1"))).GetProperty("claimEligible").GetBoolean());

        api.Clock.Advance(TimeSpan.FromDays(1));
        var filing = ResponseTimeClaim("claim-1", "chat-1", "cust-1");
        var claim = await JsonAsync(await FileAsync(t.Platform, filing), HttpStatusCode.Created);
        Assert.Equal("money_back_claim", claim.GetProperty("type").GetString());
        Assert.Equal("approved", Status(claim));
        var details = claim.GetProperty("claim");
        Assert.True(details.GetProperty("automatic").GetBoolean());
        Assert.Equal("talent-7", details.GetProperty("ownerId").GetString());
        Assert.Equal("cust-1", details.GetProperty("customerId").GetString());
        Assert.Equal(lastMessageAt, details.GetProperty("conversationEndedAt").GetDateTimeOffset());
        Assert.True(details.GetProperty("breaches").GetProperty("claimEligible").GetBoolean());
        Assert.Equal(3, details.GetProperty("breaches").GetProperty("breaches").GetProperty("PT5M").GetInt32());
        Assert.Equal(new[] { "claim_filed", "claim_approved" }, Whats(claim));
        Assert.Equal("system", claim.GetProperty("history")[1].GetProperty("by").GetProperty("role").GetString());

        var repeated = await FileAsync(t.Platform, filing);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(claim.GetRawText(), (await JsonAsync(repeated)).GetRawText());

        var second = await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, ResponseTimeClaim("claim-2", "chat-1", "cust-1")), HttpStatusCode.Conflict);
        Assert.Equal("claim_exists", second.GetProperty("code").GetString());
        Assert.Equal("claim-1", second.GetProperty("claimId").GetString());
        Assert.Equal("response_time", second.GetProperty("category").GetString());
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/cases/claim-2"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_ineligible_claim_is_rejected_with_the_figures_and_a_conduct_claim_waits_for_review_with_findings()
    {
        var t = await api.NewTenantAsync("case-claim-ineligible");
        await OpenConversationAsync(t, "chat-2", "talent-chat", "talent-8", "cust-2");
        await MessageAsync(t, "chat-2", "c1", "customer", "cust-2", "Can you help me with my essay?");
        api.Clock.Advance(TimeSpan.FromMinutes(3));
        await Eventually.ReachesAsync(t.Platform, "/v1/conversations/chat-2", v => v.GetProperty("breaches").GetProperty("PT2M").GetInt32() == 1);
        await MessageAsync(t, "chat-2", "a1", "agent", "talent-8", "Stop asking, you stupid loser.");

        var rejected = await JsonAsync(await FileAsync(t.Platform, ResponseTimeClaim("claim-rt", "chat-2", "cust-2")), HttpStatusCode.Created);
        Assert.Equal("rejected", Status(rejected));
        var details = rejected.GetProperty("claim");
        Assert.True(details.GetProperty("automatic").GetBoolean());
        Assert.Contains("PT2M: 1", details.GetProperty("reason").GetString());
        Assert.Contains("PT5M: 0", details.GetProperty("reason").GetString());
        Assert.False(details.GetProperty("breaches").GetProperty("claimEligible").GetBoolean());
        Assert.Equal(new[] { "claim_filed", "claim_rejected" }, Whats(rejected));

        await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, new
        {
            id = "claim-x", type = "money_back_claim", @as = As("cust-2", "customer"), conversationId = "chat-2",
            categories = new[] { "demeaning" }, messageIds = new[] { "not-in-chat" },
        }), HttpStatusCode.BadRequest, "messageIds[0]");
        await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, new
        {
            id = "claim-x", type = "money_back_claim", @as = As("cust-2", "customer"), conversationId = "chat-2", categories = Array.Empty<string>(),
        }), HttpStatusCode.BadRequest, "categories");
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/cases/claim-x"), HttpStatusCode.NotFound);

        var conduct = await JsonAsync(await FileAsync(t.Platform, new
        {
            id = "claim-conduct", type = "money_back_claim", @as = As("cust-2", "customer"), conversationId = "chat-2",
            categories = new[] { "demeaning" }, messageIds = new[] { "a1" }, description = "The talent insulted me.",
        }), HttpStatusCode.Created);
        Assert.Equal("in_review", Status(conduct));
        var findings = conduct.GetProperty("claim").GetProperty("findings").EnumerateArray().ToArray();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("a1", f.GetProperty("messageId").GetString()));
        Assert.Equal(new[] { "approve", "reject" }, Allowed(conduct, "reviewer"));
        Assert.Equal(new[] { "withdraw" }, Allowed(conduct, "customer"));

        var approved = await JsonAsync(await ActAsync(t.Reviewer, "claim-conduct", new { action = "approve", refund = new { amount = 5m, currency = "USD" } }));
        Assert.Equal("approved", Status(approved));
        Assert.Equal(5m, approved.GetProperty("claim").GetProperty("refund").GetProperty("amount").GetDecimal());

        // The approval reaches the customer's view (claims) and the talent's conduct record (a claim_upheld violation).
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/cust-2", v => v.GetProperty("claims").EnumerateArray()
            .Any(c => c.GetProperty("id").GetString() == "claim-conduct" && c.GetProperty("status").GetString() == "approved"));
        var talent = approved.GetProperty("claim").GetProperty("ownerId").GetString();
        await Eventually.ReachesAsync(t.Platform, $"/v1/owners/{talent}", v => v.GetProperty("conduct").ValueKind == JsonValueKind.Object
            && v.GetProperty("conduct").GetProperty("violations").EnumerateArray().Any(x => x.GetProperty("category").GetString() == "claim_upheld"));
        Assert.False(approved.GetProperty("claim").GetProperty("automatic").GetBoolean());
        Assert.Equal("reviewer", approved.GetProperty("history").EnumerateArray().Last().GetProperty("by").GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_complaint_gets_a_protocol_number_and_a_late_answer_is_a_breach_recorded_at_the_deadline()
    {
        var t = await api.NewTenantAsync("case-complaint");
        var registeredAt = api.Clock.GetUtcNow();
        var complaint = await JsonAsync(await FileAsync(t.Platform, Complaint("cmp-1", "cust-9", "acme-store")), HttpStatusCode.Created);
        Assert.Equal("awaiting_answer", Status(complaint));
        var protocol = complaint.GetProperty("complaint").GetProperty("protocol").GetString()!;
        Assert.Matches(@"^PLG-\d{4}-000001$", protocol);
        var answerBy = complaint.GetProperty("complaint").GetProperty("answerBy").GetDateTimeOffset();
        Assert.Equal(SaoPaulo.AddBusinessDays(registeredAt, 7), answerBy);
        Assert.True(answerBy - registeredAt >= TimeSpan.FromDays(9), "seven business days span a weekend");

        // A refused filing draws no number, and a repeated one keeps its own.
        await ProblemAssert.IsProblemAsync(await RawAsync(t.Platform, "/v1/cases",
            "{\"id\":\"cmp-bad\",\"type\":\"complaint\",\"companyId\":\"acme-store\",\"customerId\":\"cust-9\",\"channel\":\"phone\",\"subject\":\" \",\"description\":\"d\"}"),
            HttpStatusCode.BadRequest, "subject");
        var repeated = await FileAsync(t.Platform, Complaint("cmp-1", "cust-9", "acme-store"));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(protocol, (await JsonAsync(repeated)).GetProperty("complaint").GetProperty("protocol").GetString());
        var second = await JsonAsync(await FileAsync(t.Platform, Complaint("cmp-2", "cust-10", "acme-store")), HttpStatusCode.Created);
        Assert.Equal(protocol[..^6] + "000002", second.GetProperty("complaint").GetProperty("protocol").GetString());

        api.Clock.AdvanceTo(answerBy);
        Assert.Equal("awaiting_answer", Status(await GetCaseAsync(t.Platform, "cmp-1")));
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var overdue = await Eventually.ReachesAsync(t.Platform, "/v1/cases/cmp-1", v => Status(v) == "overdue");
        Assert.True(overdue.GetProperty("complaint").GetProperty("breached").GetBoolean());
        var breach = overdue.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("complaint_answer_overdue", breach.GetProperty("what").GetString());
        Assert.Equal("system", breach.GetProperty("by").GetProperty("role").GetString());
        Assert.True(breach.GetProperty("at").GetDateTimeOffset() > answerBy);

        var answered = await JsonAsync(await ActAsync(t.Platform, "cmp-1", new { action = "answer", @as = As("acme-store", "seller"), text = "We refunded the second charge." }));
        Assert.Equal("answered", Status(answered));
        Assert.True(answered.GetProperty("complaint").GetProperty("breached").GetBoolean());
        var closed = await JsonAsync(await ActAsync(t.Platform, "cmp-1", new { action = "close", @as = As("cust-9", "customer"), resolution = "resolved" }));
        Assert.Equal("closed", Status(closed));
        await JsonAsync(await ActAsync(t.Reviewer, "cmp-2", new { action = "close", resolution = "not_resolved", note = "No answer from the company." }));

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var index = await Eventually.ReachesAsync(t.Platform, "/v1/companies/acme-store/resolution-index",
            v => v.GetProperty("closed").GetInt32() == 2);
        Assert.Equal("acme-store", index.GetProperty("companyId").GetString());
        Assert.Equal(1, index.GetProperty("resolved").GetInt32());
        Assert.Equal(1, index.GetProperty("notResolved").GetInt32());
        Assert.Equal(0.5, index.GetProperty("index").GetDouble());

        var before = await JsonAsync(await t.Reviewer.GetAsync(
            $"/v1/companies/acme-store/resolution-index?from={Query(registeredAt.AddDays(-30))}&to={Query(registeredAt)}"));
        Assert.Equal(0, before.GetProperty("closed").GetInt32());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("index").ValueKind);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/companies/acme-store/resolution-index?from=last-week"), HttpStatusCode.BadRequest, "from");
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync(
            $"/v1/companies/acme-store/resolution-index?from={Query(registeredAt)}&to={Query(registeredAt)}"), HttpStatusCode.BadRequest, "from");
    }

    [Fact]
    public async Task Case_due_times_follow_the_calendar_of_the_tenants_consumer_complaint_policy()
    {
        var t = await api.NewTenantAsync("case-calendar");
        var preset = await JsonAsync(await t.Admin.GetAsync("/v1/policies/consumer-complaint"));
        var policy = JsonNode.Parse(preset.GetProperty("policy").GetRawText())!.AsObject();
        var calendar = policy["calendar"]!.AsObject();
        calendar["timeZone"] = "Europe/Bucharest";
        calendar["country"] = "RO";
        calendar["workingHours"]!.AsArray().Add(new JsonObject { ["day"] = "saturday", ["from"] = "09:00:00", ["to"] = "13:00:00" });
        await JsonAsync(await t.Admin.PutAsJsonAsync("/v1/policies/consumer-complaint", new { policy }));

        var now = api.Clock.GetUtcNow();
        var complaint = await JsonAsync(await FileAsync(t.Platform, Complaint("cmp-ro", "cust-1", "acme-ro")), HttpStatusCode.Created);
        var sixDayWeek = CalendarCatalog.Shared.Get(new CalendarSpec("Europe/Bucharest",
            [.. PolicyPresets.BrazilBusinessHours.WorkingHours, new WorkingHours(DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(13, 0))], "RO"));
        var answerBy = complaint.GetProperty("complaint").GetProperty("answerBy").GetDateTimeOffset();
        Assert.Equal(sixDayWeek.AddBusinessDays(now, 7), answerBy);
        Assert.NotEqual(SaoPaulo.AddBusinessDays(now, 7), answerBy);
    }

    [Fact]
    public async Task A_cancellation_is_effective_at_the_request_whatever_is_owed_and_nothing_may_follow()
    {
        var t = await api.NewTenantAsync("case-cancel");
        var now = api.Clock.GetUtcNow();
        var view = await JsonAsync(await FileAsync(t.Platform, new
        {
            id = "cx-1", type = "cancellation", @as = As("cust-5", "customer"), customerId = "cust-5", subscription = "gym-monthly",
            channel = "phone", outstandingDebt = new { amount = 49.90m, currency = "EUR" }, reason = "Moving abroad.",
        }), HttpStatusCode.Created);
        Assert.Equal("completed", Status(view));
        var cancellation = view.GetProperty("cancellation");
        Assert.Equal(now, cancellation.GetProperty("effectiveAt").GetDateTimeOffset());
        Assert.Equal(49.90m, cancellation.GetProperty("debt").GetProperty("amount").GetDecimal());
        Assert.Equal(new[] { "cancellation_requested", "cancellation_effective", "debt_recorded" }, Whats(view));
        Assert.Empty(view.GetProperty("allowed").EnumerateObject());
        Assert.Empty(view.GetProperty("deadlines").EnumerateArray());

        var calledAt = now.AddHours(-2);
        var logged = await JsonAsync(await FileAsync(t.Platform, new
        {
            id = "cx-2", type = "cancellation", customerId = "cust-6", subscription = "tv-basic", channel = "letter", requestedAt = calledAt,
        }), HttpStatusCode.Created);
        Assert.Equal("completed", Status(logged));
        Assert.Equal(calledAt, logged.GetProperty("cancellation").GetProperty("effectiveAt").GetDateTimeOffset());
        Assert.Equal("platform", logged.GetProperty("history")[0].GetProperty("by").GetProperty("role").GetString());
        Assert.False(logged.GetProperty("cancellation").TryGetProperty("debt", out var debt) && debt.ValueKind != JsonValueKind.Null);

        var refused = await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "cx-1", new { action = "withdraw", @as = As("cust-5", "customer") }),
            HttpStatusCode.Conflict, "action");
        Assert.Equal("completed", refused.GetProperty("state").GetString());
        Assert.Equal("", refused.GetProperty("allowed").GetString());

        await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, new
        {
            id = "cx-3", type = "cancellation", @as = As("cust-7", "customer"), customerId = "cust-5", subscription = "gym-monthly", channel = "web",
        }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/cases/cx-3"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_upheld_seller_ticket_removes_the_abusive_message_wait_from_the_conversation()
    {
        var t = await api.NewTenantAsync("case-ticket");
        await OpenConversationAsync(t, "chat-t", "marketplace-seller-chat", "seller-1", "buyer-1");
        var before = await MessageAsync(t, "chat-t", "m-abuse", "customer", "buyer-1", "Refund me now or I will ruin your shop.");
        Assert.Single(before.GetProperty("waits").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, before.GetProperty("openWait").ValueKind);

        await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, Ticket("tk-0", "seller-1", "chat-t", "m-missing")), HttpStatusCode.BadRequest, "messageIds[0]");
        await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, Ticket("tk-0", "seller-2", "chat-t", "m-abuse")), HttpStatusCode.Forbidden);

        var ticket = await JsonAsync(await FileAsync(t.Platform, Ticket("tk-1", "seller-1", "chat-t", "m-abuse")), HttpStatusCode.Created);
        Assert.Equal("seller_ticket", ticket.GetProperty("type").GetString());
        Assert.Equal("in_review", Status(ticket));
        Assert.Equal(new[] { "uphold", "reject" }, Allowed(ticket, "reviewer"));
        Assert.Equal(new[] { "withdraw" }, Allowed(ticket, "seller"));
        Assert.Single((await JsonAsync(await t.Platform.GetAsync("/v1/conversations/chat-t"))).GetProperty("waits").EnumerateArray());

        var upheld = await JsonAsync(await ActAsync(t.Reviewer, "tk-1", new { action = "uphold", note = "Threat verified." }));
        Assert.Equal("upheld", Status(upheld));
        var after = await Eventually.ReachesAsync(t.Platform, "/v1/conversations/chat-t",
            v => v.GetProperty("waits").GetArrayLength() == 0);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("openWait").ValueKind);
    }

    [Fact]
    public async Task Review_queues_are_paged_in_id_order_filtered_by_status_and_type_and_never_mix_tenants()
    {
        var t = await api.NewTenantAsync("case-queues");
        var other = await api.NewTenantAsync("case-queues-other");
        await OpenConversationAsync(t, "chat-q", "marketplace-seller-chat", "seller-1", "buyer-1");
        for (var i = 1; i <= 5; i++)
        {
            await MessageAsync(t, "chat-q", $"q-m{i}", "customer", "buyer-1", "Give me a discount or else.");
            await JsonAsync(await FileAsync(t.Platform, Ticket($"q-{i}", "seller-1", "chat-q", $"q-m{i}")), HttpStatusCode.Created);
        }
        await JsonAsync(await FileAsync(t.Platform, Dispute("q-0", "buyer-1", "seller-1")), HttpStatusCode.Created);
        await JsonAsync(await FileAsync(t.Platform, new
        {
            id = "q-6", type = "money_back_claim", @as = As("buyer-1", "customer"), conversationId = "chat-q",
            categories = new[] { "harsh_criticism" }, messageIds = new[] { "q-m1" },
        }), HttpStatusCode.Created);
        await JsonAsync(await FileAsync(other.Platform, Dispute("q-7", "buyer-1", "seller-1")), HttpStatusCode.Created);

        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var result = await JsonAsync(await t.Reviewer.GetAsync("/v1/cases?status=in_review&limit=2" + (after is null ? "" : "&after=" + after)));
            var ids = Ids(result);
            Assert.True(ids.Length <= 2);
            seen.AddRange(ids);
            if (result.GetProperty("next").ValueKind == JsonValueKind.Null) break;
            after = result.GetProperty("next").GetString();
        }
        Assert.Equal(new[] { "q-1", "q-2", "q-3", "q-4", "q-5", "q-6" }, seen);

        Assert.Equal(new[] { "q-1", "q-2", "q-3", "q-4", "q-5" },
            Ids(await JsonAsync(await t.Reviewer.GetAsync("/v1/cases?status=in_review&type=seller_ticket&limit=10"))));
        var claims = await JsonAsync(await t.Reviewer.GetAsync("/v1/cases?type=money_back_claim"));
        Assert.Equal(new[] { "q-6" }, Ids(claims));
        Assert.Equal(JsonValueKind.Null, claims.GetProperty("next").ValueKind);
        Assert.Equal(new[] { "q-0" }, Ids(await JsonAsync(await t.Platform.GetAsync("/v1/cases?status=awaiting_seller"))));
        Assert.Equal(new[] { "q-0", "q-1", "q-2", "q-3", "q-4", "q-5", "q-6" }, Ids(await JsonAsync(await t.Platform.GetAsync("/v1/cases"))));
        Assert.Equal(new[] { "q-7" }, Ids(await JsonAsync(await other.Reviewer.GetAsync("/v1/cases"))));
        Assert.Empty(Ids(await JsonAsync(await other.Reviewer.GetAsync("/v1/cases?status=in_review"))));

        await ProblemAssert.IsProblemAsync(await t.Reviewer.GetAsync("/v1/cases?status=pending"), HttpStatusCode.BadRequest, "status");
        await ProblemAssert.IsProblemAsync(await t.Reviewer.GetAsync("/v1/cases?status=none"), HttpStatusCode.BadRequest, "status");
        await ProblemAssert.IsProblemAsync(await t.Reviewer.GetAsync("/v1/cases?type=refund"), HttpStatusCode.BadRequest, "type");
        await ProblemAssert.IsProblemAsync(await t.Reviewer.GetAsync("/v1/cases?limit=0"), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsProblemAsync(await t.Reviewer.GetAsync("/v1/cases?limit=101"), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsProblemAsync(await t.Reviewer.GetAsync("/v1/cases?after=a%2Fb"), HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task Another_tenants_case_and_conversation_answer_404()
    {
        var a = await api.NewTenantAsync("case-iso-a");
        var b = await api.NewTenantAsync("case-iso-b");
        await JsonAsync(await FileAsync(a.Platform, Dispute("shared", "buyer-1", "seller-1")), HttpStatusCode.Created);
        var before = await a.Platform.GetStringAsync("/v1/cases/shared");

        await ProblemAssert.IsProblemAsync(await b.Platform.GetAsync("/v1/cases/shared"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await ActAsync(b.Platform, "shared", new { action = "withdraw", @as = As("buyer-1", "buyer") }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await ActAsync(b.Reviewer, "shared", new { action = "decide", inFavourOf = "buyer", reason = "r" }), HttpStatusCode.NotFound);
        var own = await JsonAsync(await FileAsync(b.Platform, new { id = "shared", type = "cancellation", customerId = "c", subscription = "s", channel = "web" }),
            HttpStatusCode.Created);
        Assert.Equal("cancellation", own.GetProperty("type").GetString());
        Assert.Equal(before, await a.Platform.GetStringAsync("/v1/cases/shared"));

        await OpenConversationAsync(b, "chat-b", "talent-chat", "talent-1", "cust-1");
        await ProblemAssert.IsProblemAsync(await FileAsync(a.Platform, ResponseTimeClaim("claim-b", "chat-b", "cust-1")), HttpStatusCode.NotFound, "conversationId");
        await ProblemAssert.IsProblemAsync(await FileAsync(a.Platform, Ticket("tk-b", "talent-1", "chat-b", "m1")), HttpStatusCode.NotFound, "conversationId");
    }

    [Fact]
    public async Task Keys_act_only_in_the_roles_they_may_take_and_parties_only_on_their_own_cases()
    {
        var t = await api.NewTenantAsync("case-roles");
        await JsonAsync(await FileAsync(t.Platform, Dispute("d1", "buyer-1", "seller-1")), HttpStatusCode.Created);
        var before = await t.Platform.GetStringAsync("/v1/cases/d1");

        using var anonymous = api.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/v1/cases/d1"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await FileAsync(anonymous, Dispute("d2", "buyer-1", "seller-1")), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await FileAsync(t.Reviewer, Dispute("d2", "buyer-1", "seller-1")), HttpStatusCode.Forbidden);

        var asReviewer = await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "d1", new { action = "decide", @as = As("me", "reviewer"), inFavourOf = "buyer", reason = "r" }),
            HttpStatusCode.Forbidden, "as.role");
        Assert.Equal("role_not_allowed", asReviewer.GetProperty("code").GetString());
        await ProblemAssert.IsProblemAsync(await ActAsync(t.Reviewer, "d1", new { action = "withdraw", @as = As("buyer-1", "buyer") }), HttpStatusCode.Forbidden, "as.role");
        await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "d1", new { action = "escalate", @as = As("pledge", "system") }), HttpStatusCode.BadRequest, "as.role");

        var stranger = await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "d1", new { action = "accept_solution", @as = As("seller-2", "seller") }),
            HttpStatusCode.Forbidden);
        Assert.Equal("not_a_party", stranger.GetProperty("code").GetString());

        var notYours = await ProblemAssert.IsProblemAsync(await ActAsync(t.Reviewer, "d1", new { action = "decide", inFavourOf = "buyer", reason = "Too early." }),
            HttpStatusCode.Conflict, "action");
        Assert.Equal("awaiting_seller", notYours.GetProperty("state").GetString());
        Assert.Equal("", notYours.GetProperty("allowed").GetString());
        var buyerAccepts = await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "d1", new { action = "accept_solution", @as = As("buyer-1", "buyer") }),
            HttpStatusCode.Conflict, "action");
        Assert.Equal("action_not_allowed", buyerAccepts.GetProperty("code").GetString());
        Assert.Equal("withdraw", buyerAccepts.GetProperty("allowed").GetString());
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/cases/d1"));

        var withdrawn = await JsonAsync(await ActAsync(t.Admin, "d1", new { action = "withdraw", @as = As("buyer-1", "buyer"), reason = "Sorted it out." }));
        Assert.Equal("closed", Status(withdrawn));
        Assert.Equal("withdrawn", withdrawn.GetProperty("dispute").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Filing_is_idempotent_on_the_id_and_a_different_filing_under_a_taken_id_is_a_conflict()
    {
        var t = await api.NewTenantAsync("case-idem");
        var first = await FileAsync(t.Platform, Dispute("d-idem", "buyer-1", "seller-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/v1/cases/d-idem", first.Headers.Location?.OriginalString);
        var created = await JsonAsync(first);

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await FileAsync(t.Platform, Dispute("d-idem", "buyer-1", "seller-1"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(created.GetRawText(), (await JsonAsync(again)).GetRawText());

        var different = await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, Dispute("d-idem", "buyer-1", "seller-9")), HttpStatusCode.Conflict);
        Assert.Equal("case_exists", different.GetProperty("code").GetString());
        var otherType = await ProblemAssert.IsProblemAsync(await FileAsync(t.Platform, new
        {
            id = "d-idem", type = "cancellation", customerId = "c", subscription = "s", channel = "web",
        }), HttpStatusCode.Conflict);
        Assert.Equal("case_exists", otherType.GetProperty("code").GetString());
        Assert.Equal(created.GetRawText(), (await GetCaseAsync(t.Platform, "d-idem")).GetRawText());

        var unnamed = new { type = "cancellation", customerId = "c", subscription = "s", channel = "web" };
        var one = await JsonAsync(await FileAsync(t.Platform, unnamed), HttpStatusCode.Created);
        var two = await JsonAsync(await FileAsync(t.Platform, unnamed), HttpStatusCode.Created);
        Assert.NotEqual(one.GetProperty("id").GetString(), two.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(1, "{\"id\":\"m1\",\"type\":\"refund\"}", "type")]
    [InlineData(2, "{\"id\":\"m1\",\"customerId\":\"c\"}", "type")]
    [InlineData(3, "{\"id\":\"m/1\",\"type\":\"cancellation\",\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\"}", "id")]
    [InlineData(4, "{\"id\":\"m1\",\"type\":\"dispute\",\"as\":{\"id\":\"b\",\"role\":\"buyer\"},\"sellerId\":\"s\",\"problem\":\"damaged\",\"description\":\"d\",\"wanted\":{\"kind\":\"full_refund\"}}", "orderId")]
    [InlineData(5, "{\"id\":\"m1\",\"type\":\"dispute\",\"as\":{\"id\":\"b\",\"role\":\"buyer\"},\"orderId\":\"o\",\"sellerId\":\"s\",\"problem\":\"damaged\",\"description\":\"d\",\"wanted\":{\"kind\":\"gold_bars\"}}", "wanted.kind")]
    [InlineData(6, "{\"id\":\"m1\",\"type\":\"dispute\",\"as\":{\"id\":\"b\",\"role\":\"buyer\"},\"orderId\":\"o\",\"sellerId\":\"s\",\"problem\":\"damaged\",\"description\":\"d\",\"wanted\":{\"kind\":\"partial_refund\"}}", "wanted.amount")]
    [InlineData(7, "{\"id\":\"m1\",\"type\":\"dispute\",\"as\":{\"id\":\"b\",\"role\":\"buyer\"},\"orderId\":\"o\",\"sellerId\":\"s\",\"problem\":\"damaged\",\"description\":\"d\",\"wanted\":{\"kind\":\"resend\"},\"evidence\":[{\"kind\":\"photo\",\"ref\":\"r\",\"sha256\":\"abc\"}]}", "evidence[0].sha256")]
    [InlineData(8, "{\"id\":\"m1\",\"type\":\"cancellation\",\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\",\"colour\":\"red\"}", "colour")]
    [InlineData(9, "{\"id\":\"m1\",\"type\":\"cancellation\",\"as\":{\"id\":\"c\",\"role\":\"robot\"},\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\"}", "as.role")]
    [InlineData(10, "{\"id\":\"m1\",\"type\":\"cancellation\",\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"pigeon\"}", "channel")]
    [InlineData(11, "{\"id\":\"m1\",\"type\":\"cancellation\",\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\",\"requestedAt\":\"2999-01-01T00:00:00Z\"}", "requestedAt")]
    [InlineData(12, "{\"id\":\"m1\",\"type\":\"cancellation\",\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\",\"outstandingDebt\":{\"amount\":-5,\"currency\":\"EUR\"}}", "outstandingDebt.amount")]
    [InlineData(13, "{\"id\":\"m1\",\"type\":\"complaint\",\"policy\":\"no-such-policy\",\"companyId\":\"co\",\"customerId\":\"c\",\"channel\":\"web\",\"subject\":\"s\",\"description\":\"d\"}", "policy")]
    [InlineData(14, "{\"id\":\"m1\",\"type\":\"complaint\",\"companyId\":\"co\",\"customerId\":42,\"channel\":\"web\",\"subject\":\"s\",\"description\":\"d\"}", "customerId")]
    [InlineData(15, "{\"id\":\"m1\",\"type\":\"cancellation\",\"policy\":\"cases-standard\",\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\"}", "policy")]
    [InlineData(16, "{\"id\":\"m1\",\"type\":\"seller_ticket\",\"as\":{\"id\":\"s\",\"role\":\"seller\"},\"conversationId\":\"chat\",\"buyerId\":\"b\",\"messageIds\":null,\"reason\":\"harassment\"}", "messageIds")]
    [InlineData(17, "{\"id\":\"m1\",\"type\":\"cancellation\",\"as\":{\"id\":\"c\",\"role\":\"customer\",\"name\":\"x\"},\"customerId\":\"c\",\"subscription\":\"s\",\"channel\":\"web\"}", "as.name")]
    public async Task Malformed_filings_are_400_naming_the_field_and_create_nothing(int n, string body, string field)
    {
        var t = await api.NewTenantAsync($"case-bad-filing-{n}");
        await ProblemAssert.IsProblemAsync(await RawAsync(t.Platform, "/v1/cases", body), HttpStatusCode.BadRequest, field);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/cases/m1"), HttpStatusCode.NotFound);
        Assert.Empty(Ids(await JsonAsync(await t.Platform.GetAsync("/v1/cases"))));
    }

    [Theory]
    [InlineData(1, "{\"action\":\"dance\"}", "action")]
    [InlineData(2, "{\"action\":\"deadline\",\"name\":\"response:1\"}", "action")]
    [InlineData(3, "{\"action\":\"open_dispute\"}", "action")]
    [InlineData(4, "{\"action\":\"offer_solution\",\"as\":{\"id\":\"seller-1\",\"role\":\"seller\"},\"explanation\":\"x\"}", "solution")]
    [InlineData(5, "{\"action\":\"offer_solution\",\"as\":{\"id\":\"seller-1\",\"role\":\"seller\"},\"solution\":{\"kind\":\"partial_refund\"},\"explanation\":\"x\"}", "solution.amount")]
    [InlineData(6, "{\"action\":\"accept_solution\",\"as\":{\"id\":\"seller-1\",\"role\":\"seller\"},\"executeBy\":\"2030-01-01T00:00:00Z\"}", "executeBy")]
    [InlineData(7, "{\"action\":\"offer_solution\",\"as\":{\"id\":\"\",\"role\":\"seller\"},\"solution\":{\"kind\":\"resend\"},\"explanation\":\"x\"}", "as.id")]
    [InlineData(8, "{\"action\":\"offer_solution\",\"as\":\"seller-1\",\"solution\":{\"kind\":\"resend\"},\"explanation\":\"x\"}", "as")]
    [InlineData(9, "{\"action\":\"offer_solution\",\"as\":{\"id\":\"seller-1\",\"role\":\"seller\"},\"solution\":{\"kind\":\"resend\"},\"explanation\":\"  \"}", "explanation")]
    public async Task Malformed_actions_are_400_naming_the_field_and_change_nothing(int n, string body, string field)
    {
        var t = await api.NewTenantAsync($"case-bad-action-{n}");
        await JsonAsync(await FileAsync(t.Platform, Dispute("d1", "buyer-1", "seller-1")), HttpStatusCode.Created);
        var before = await t.Platform.GetStringAsync("/v1/cases/d1");
        await ProblemAssert.IsProblemAsync(await RawAsync(t.Platform, "/v1/cases/d1/actions", body), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/cases/d1"));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_runs_an_action_once()
    {
        var t = await api.NewTenantAsync("case-action-idem");
        await JsonAsync(await FileAsync(t.Platform, Dispute("d1", "buyer-1", "seller-1")), HttpStatusCode.Created);
        var offer = new { action = "offer_solution", @as = As("seller-1", "seller"), solution = new { kind = "resend" }, explanation = "Sending another." };
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/cases/d1/actions") { Content = JsonContent.Create(offer) };
            request.Headers.Add("Idempotency-Key", "offer-1");
            return await t.Platform.SendAsync(request);
        }
        var first = await JsonAsync(await SendAsync());
        var again = await JsonAsync(await SendAsync());
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal(2, again.GetProperty("history").GetArrayLength());
        // Without the key the same offer is a new step, which the turn order refuses.
        await ProblemAssert.IsProblemAsync(await ActAsync(t.Platform, "d1", offer), HttpStatusCode.Conflict, "action");
    }

    private static object As(string id, string role) => new { id, role };

    private static object Dispute(string id, string buyer, string seller, string? policy = null) => new
    {
        id,
        type = "dispute",
        policy,
        @as = As(buyer, "buyer"),
        orderId = "order-" + id,
        sellerId = seller,
        problem = "damaged",
        description = "The screen arrived cracked.",
        evidence = new[] { new { kind = "photo", @ref = "https://cdn.example/cracked.jpg", sha256 = Sha } },
        wanted = new { kind = "full_refund" },
    };

    private static object ResponseTimeClaim(string id, string conversation, string customer) => new
    {
        id,
        type = "money_back_claim",
        @as = As(customer, "customer"),
        conversationId = conversation,
        categories = new[] { "response_time" },
        amountPaid = new { amount = 9.99m, currency = "USD" },
    };

    private static object Complaint(string id, string customer, string company) => new
    {
        id,
        type = "complaint",
        companyId = company,
        customerId = customer,
        channel = "phone",
        subject = "Charged twice",
        description = "I was billed twice for March.",
    };

    private static object Ticket(string id, string seller, string conversation, string message) => new
    {
        id,
        type = "seller_ticket",
        @as = As(seller, "seller"),
        conversationId = conversation,
        buyerId = "buyer-1",
        messageIds = new[] { message },
        reason = "obscene_or_threatening",
    };

    private static Task<HttpResponseMessage> FileAsync(HttpClient client, object body) => client.PostAsJsonAsync("/v1/cases", body);

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, string id, object body) => client.PostAsJsonAsync($"/v1/cases/{id}/actions", body);

    private static Task<HttpResponseMessage> RawAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> GetCaseAsync(HttpClient client, string id) => await JsonAsync(await client.GetAsync($"/v1/cases/{id}"));

    private static async Task OpenConversationAsync(TenantClients t, string id, string policy, string owner, string customer) =>
        await JsonAsync(await t.Platform.PutAsJsonAsync($"/v1/conversations/{id}", new { policy, owner, customer }));

    private static async Task<JsonElement> MessageAsync(TenantClients t, string conversation, string messageId, string from, string author, string text) =>
        await JsonAsync(await t.Platform.PostAsJsonAsync($"/v1/conversations/{conversation}/messages", new { messageId, from, author, text }));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode? status = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && (status is null || response.StatusCode == status), $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string Status(JsonElement view) => view.GetProperty("status").GetString()!;

    private static string[] Whats(JsonElement view) =>
        [.. view.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("what").GetString()!)];

    private static string[] Allowed(JsonElement view, string role) =>
        view.GetProperty("allowed").TryGetProperty(role, out var actions) ? [.. actions.EnumerateArray().Select(a => a.GetString()!)] : [];

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    private static string Query(DateTimeOffset time) => Uri.EscapeDataString(time.ToUniversalTime().ToString("O"));
}
