using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pledge.Api.Tests;

public sealed class BookingRouteTests : IClassFixture<PledgeApiFactory>
{
    private readonly PledgeApiFactory api;

    public BookingRouteTests(PledgeApiFactory api) => this.api = api;

    private DateTimeOffset Now => api.Clock.GetUtcNow();

    // ---- create / read ----

    [Fact]
    public async Task A_booking_is_created_with_its_reminders_and_read_back()
    {
        var t = await api.NewTenantAsync("bk-happy");
        var start = Now.AddDays(3);
        var response = await BookAsync(t.Platform, "b1", "cust-1", "agent-1", start, start.AddHours(1));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/bookings/b1", response.Headers.Location?.OriginalString);
        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("b1", created.GetProperty("id").GetString());
        Assert.Equal("cust-1", created.GetProperty("customer").GetString());
        Assert.Equal("agent-1", created.GetProperty("resource").GetString());
        Assert.Equal(start, created.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.False(created.GetProperty("feeRequired").GetBoolean());
        Assert.Equal("support-desk-booking", created.GetProperty("policy").GetString());
        var reminders = created.GetProperty("reminders").EnumerateArray().ToArray();
        Assert.Equal(
            new[] { start.AddDays(-2), start.AddHours(-24), start.AddHours(-1), start.AddMinutes(-30) },
            reminders.Select(r => r.GetProperty("dueAt").GetDateTimeOffset()).ToArray());
        Assert.Equal(new[] { "email", "email", "email", "sms" }, reminders.Select(r => r.GetProperty("channel").GetString()!).ToArray());
        Assert.All(reminders, r => Assert.Equal("due", r.GetProperty("status").GetString()));

        var read = await JsonAsync(await t.Reviewer.GetAsync("/v1/bookings/b1"));
        Assert.Equal(created.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task Without_an_id_one_is_generated()
    {
        var t = await api.NewTenantAsync("bk-genid");
        var start = Now.AddDays(3);
        var response = await t.Platform.PostAsJsonAsync("/v1/bookings", new { customer = "c", resource = "r", start, end = start.AddHours(1) });
        var created = await JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal($"/v1/bookings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(created.GetRawText(), (await JsonAsync(await t.Platform.GetAsync($"/v1/bookings/{id}"))).GetRawText());
    }

    [Fact]
    public async Task Retrying_with_the_same_id_is_idempotent_and_a_different_request_with_it_conflicts()
    {
        var t = await api.NewTenantAsync("bk-idem");
        var start = Now.AddDays(3);
        var first = await JsonAsync(await BookAsync(t.Platform, "b1", "c", "r", start, start.AddHours(1)), HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await JsonAsync(await BookAsync(t.Platform, "b1", "c", "r", start, start.AddHours(1)), HttpStatusCode.Created);
        Assert.Equal(first.GetRawText(), again.GetRawText());

        var other = await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "b1", "c", "r", start.AddHours(2), start.AddHours(3)), HttpStatusCode.Conflict);
        Assert.Equal("booking_exists", other.GetProperty("code").GetString());
        Assert.Equal(first.GetRawText(), (await JsonAsync(await t.Platform.GetAsync("/v1/bookings/b1"))).GetRawText());
        // The refused request reserved nothing: its range is still free.
        await JsonAsync(await BookAsync(t.Platform, "b2", "c", "r", start.AddHours(2), start.AddHours(3)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_overlap_is_409_naming_the_clashing_range_and_back_to_back_is_fine()
    {
        var t = await api.NewTenantAsync("bk-overlap");
        var start = Now.AddDays(3);
        await JsonAsync(await BookAsync(t.Platform, "first", "c1", "agent", start, start.AddHours(1)), HttpStatusCode.Created);

        var problem = await ProblemAssert.IsProblemAsync(
            await BookAsync(t.Platform, "second", "c2", "agent", start.AddMinutes(30), start.AddMinutes(90)), HttpStatusCode.Conflict);
        Assert.Equal("slot_taken", problem.GetProperty("code").GetString());
        Assert.Equal(start, DateTimeOffset.Parse(problem.GetProperty("conflictingStart").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(start.AddHours(1), DateTimeOffset.Parse(problem.GetProperty("conflictingEnd").GetString()!, CultureInfo.InvariantCulture));
        Assert.Contains(start.ToString("O", CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/bookings/second"), HttpStatusCode.NotFound);

        await JsonAsync(await BookAsync(t.Platform, "after", "c2", "agent", start.AddHours(1), start.AddHours(2)), HttpStatusCode.Created);
        await JsonAsync(await BookAsync(t.Platform, "elsewhere", "c2", "other-agent", start.AddMinutes(30), start.AddMinutes(90)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_slot_yield_exactly_one_booking()
    {
        var t = await api.NewTenantAsync("bk-race");
        var start = Now.AddDays(3);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            BookAsync(t.Platform, $"race-{i}", $"cust-{i}", "agent", start.AddMinutes(i), start.AddMinutes(i + 45))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created);
        for (var i = 0; i < 10; i++)
        {
            var status = (await t.Platform.GetAsync($"/v1/bookings/race-{i}")).StatusCode;
            Assert.Equal(i == winner ? HttpStatusCode.OK : HttpStatusCode.NotFound, status);
        }
    }

    [Fact]
    public async Task Concurrent_retries_with_one_id_make_one_booking()
    {
        var t = await api.NewTenantAsync("bk-race-same");
        var start = Now.AddDays(3);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            BookAsync(t.Platform, "same", "c", "agent", start, start.AddHours(1))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var view = await JsonAsync(await t.Platform.GetAsync("/v1/bookings/same"));
        Assert.Single(view.GetProperty("history").EnumerateArray());
        await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "intruder", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Conflict);
    }

    // ---- reminders, no-shows, attendance ----

    [Fact]
    public async Task Reminders_are_sent_at_their_time_and_passed_ones_are_skipped()
    {
        var t = await api.NewTenantAsync("bk-remind");
        var start = Now.AddHours(36);
        var created = await JsonAsync(await BookAsync(t.Platform, "b1", "c", "r", start, start.AddHours(1)), HttpStatusCode.Created);
        Assert.Equal(new[] { "skipped", "due", "due", "due" }, Statuses(created));

        api.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "skipped", "due", "due", "due" }, Statuses(await JsonAsync(await t.Platform.GetAsync("/v1/bookings/b1"))));

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var sent = await Eventually.ReachesAsync(t.Platform, "/v1/bookings/b1", v => Statuses(v)[1] == "sent");
        Assert.Equal(new[] { "skipped", "sent", "due", "due" }, Statuses(sent));
    }

    [Fact]
    public async Task A_customer_not_joined_by_the_grace_end_is_a_no_show_visible_on_the_customer()
    {
        var t = await api.NewTenantAsync("bk-noshow");
        var start = Now.AddHours(2);
        await JsonAsync(await BookAsync(t.Platform, "b1", "absent", "r", start, start.AddHours(1)), HttpStatusCode.Created);

        api.Clock.AdvanceTo(start.AddMinutes(5).AddSeconds(-1));
        Assert.Equal("scheduled", (await JsonAsync(await t.Platform.GetAsync("/v1/bookings/b1"))).GetProperty("status").GetString());
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/absent"), HttpStatusCode.NotFound);

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var booking = await Eventually.ReachesAsync(t.Platform, "/v1/bookings/b1", v => v.GetProperty("status").GetString() == "no_show");
        Assert.Equal("not_joined", booking.GetProperty("noShow").GetProperty("reason").GetString());
        Assert.Equal(start.AddMinutes(5), booking.GetProperty("noShow").GetProperty("at").GetDateTimeOffset());

        var customer = await Eventually.ReachesAsync(t.Platform, "/v1/customers/absent", v => v.GetProperty("noShowsIn12Months").GetInt32() == 1);
        Assert.Equal("b1", customer.GetProperty("noShows")[0].GetProperty("bookingId").GetString());
        Assert.Equal("b1", customer.GetProperty("warnings")[0].GetProperty("bookingId").GetString());
        Assert.Equal("standard", customer.GetProperty("supportLevel").GetString());

        // Too late to join now.
        var late = await ProblemAssert.IsProblemAsync(
            await t.Platform.PostAsJsonAsync("/v1/bookings/b1/attendance", new { kind = "joined" }), HttpStatusCode.Conflict);
        Assert.Equal("action_not_allowed", late.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Attendance_is_recorded_and_a_slightly_future_time_counts_as_now()
    {
        var t = await api.NewTenantAsync("bk-attend");
        var start = Now.AddHours(2);
        await JsonAsync(await BookAsync(t.Platform, "b1", "c", "r", start, start.AddHours(1)), HttpStatusCode.Created);
        api.Clock.AdvanceTo(start.AddMinutes(1));
        // The reminders that fell due on the way fire in the background: let them settle before comparing views.
        await Eventually.ReachesAsync(t.Platform, "/v1/bookings/b1",
            v => v.GetProperty("reminders").EnumerateArray().All(r => r.GetProperty("status").GetString() != "due"));

        var before = await t.Platform.GetStringAsync("/v1/bookings/b1");
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/attendance",
            new { kind = "joined", at = Now.AddSeconds(6) }), HttpStatusCode.BadRequest, "at");
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/bookings/b1"));

        var joined = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/attendance", new { kind = "joined", at = Now.AddSeconds(3) }));
        Assert.Equal("in_progress", joined.GetProperty("status").GetString());
        var entry = joined.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("joined", entry.GetProperty("change").GetString());
        Assert.Equal(Now, entry.GetProperty("at").GetDateTimeOffset());

        api.Clock.Advance(TimeSpan.FromMinutes(3));
        await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/attendance", new { kind = "activity" }));
        var left = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/attendance", new { kind = "left", at = Now }));
        Assert.Equal("left", left.GetProperty("history").EnumerateArray().Last().GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, left.GetProperty("noShow").ValueKind);
    }

    // ---- reschedule / cancel ----

    [Fact]
    public async Task A_reschedule_moves_the_booking_and_frees_the_old_range()
    {
        var t = await api.NewTenantAsync("bk-move");
        var start = Now.AddDays(3);
        await JsonAsync(await BookAsync(t.Platform, "b1", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        var moved = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/reschedule", new { start = start.AddDays(1), end = start.AddDays(1).AddHours(1) }));
        Assert.Equal(start.AddDays(1), moved.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("rescheduled", moved.GetProperty("history").EnumerateArray().Last().GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("noShow").ValueKind);
        Assert.Equal(start.AddDays(1).AddHours(-1), moved.GetProperty("reminders")[2].GetProperty("dueAt").GetDateTimeOffset());

        await JsonAsync(await BookAsync(t.Platform, "b2", "c2", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "b3", "c3", "agent", start.AddDays(1), start.AddDays(1).AddHours(1)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_reschedule_into_a_taken_range_is_409_and_changes_nothing()
    {
        var t = await api.NewTenantAsync("bk-move-clash");
        var start = Now.AddDays(3);
        await JsonAsync(await BookAsync(t.Platform, "b1", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        await JsonAsync(await BookAsync(t.Platform, "b2", "c", "agent", start.AddHours(2), start.AddHours(3)), HttpStatusCode.Created);
        var before = await t.Platform.GetStringAsync("/v1/bookings/b1");

        var problem = await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/reschedule",
            new { start = start.AddHours(2).AddMinutes(30), end = start.AddHours(3).AddMinutes(30) }), HttpStatusCode.Conflict);
        Assert.Equal(start.AddHours(2), DateTimeOffset.Parse(problem.GetProperty("conflictingStart").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/bookings/b1"));
        // b1 still holds its own range.
        await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "b3", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_late_reschedule_counts_as_a_no_show_but_a_provider_one_does_not()
    {
        var t = await api.NewTenantAsync("bk-move-late");
        var start = Now.AddHours(10);
        await JsonAsync(await BookAsync(t.Platform, "b1", "late-mover", "r", start, start.AddHours(1)), HttpStatusCode.Created);
        await JsonAsync(await BookAsync(t.Platform, "b2", "moved-by-agent", "r", start.AddHours(2), start.AddHours(3)), HttpStatusCode.Created);

        var moved = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/reschedule", new { start = start.AddDays(2), end = start.AddDays(2).AddHours(1) }));
        Assert.Equal("late_reschedule", moved.GetProperty("noShow").GetProperty("reason").GetString());
        Assert.Equal("scheduled", moved.GetProperty("status").GetString());
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/late-mover", v => v.GetProperty("noShowsIn12Months").GetInt32() == 1);

        var byProvider = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b2/reschedule",
            new { start = start.AddDays(3), end = start.AddDays(3).AddHours(1), by = "provider" }));
        Assert.Equal(JsonValueKind.Null, byProvider.GetProperty("noShow").ValueKind);
    }

    [Fact]
    public async Task A_cancel_24_hours_ahead_is_free_and_frees_the_slot()
    {
        var t = await api.NewTenantAsync("bk-cancel-free");
        var start = Now.AddDays(2);
        await JsonAsync(await BookAsync(t.Platform, "b1", "punctual", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        api.Clock.AdvanceTo(start.AddHours(-24));

        var cancelled = await JsonAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/b1/cancel", new { reason = "found the answer" }));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("noShow").ValueKind);
        Assert.Contains(cancelled.GetProperty("reminders").EnumerateArray(), r => r.GetProperty("status").GetString() == "withdrawn");
        await JsonAsync(await BookAsync(t.Platform, "b2", "other", "agent", start, start.AddHours(1)), HttpStatusCode.Created);

        // Cancelling again changes nothing; an empty body is fine.
        var again = await t.Platform.PostAsync("/v1/bookings/b1/cancel", null);
        Assert.Equal(cancelled.GetRawText(), (await JsonAsync(again)).GetRawText());
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/punctual"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_late_cancel_counts_as_a_no_show()
    {
        var t = await api.NewTenantAsync("bk-cancel-late");
        var start = Now.AddDays(2);
        await JsonAsync(await BookAsync(t.Platform, "b1", "latecomer", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        api.Clock.AdvanceTo(start.AddHours(-24).AddSeconds(1));

        var cancelled = await JsonAsync(await t.Platform.PostAsync("/v1/bookings/b1/cancel", JsonContent.Create(new { })));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("late_cancellation", cancelled.GetProperty("noShow").GetProperty("reason").GetString());
        var customer = await Eventually.ReachesAsync(t.Platform, "/v1/customers/latecomer", v => v.GetProperty("noShowsIn12Months").GetInt32() == 1);
        Assert.Equal("late_cancellation", customer.GetProperty("noShows")[0].GetProperty("reason").GetString());
        Assert.Single(customer.GetProperty("warnings").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, customer.GetProperty("sanction").ValueKind);
        // The slot is free at once.
        await JsonAsync(await BookAsync(t.Platform, "b2", "other", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_second_no_show_makes_the_next_booking_fee_required_until_one_is_made()
    {
        var t = await api.NewTenantAsync("bk-fee");
        await LateCancelAsync(t.Platform, "n1", "repeat");
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/repeat", v => v.GetProperty("noShowsIn12Months").GetInt32() == 1);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await LateCancelAsync(t.Platform, "n2", "repeat");

        var customer = await Eventually.ReachesAsync(t.Platform, "/v1/customers/repeat", v => v.GetProperty("sanction").ValueKind == JsonValueKind.Object);
        Assert.Equal("fee", customer.GetProperty("sanction").GetProperty("kind").GetString());
        Assert.Equal("fee_required", customer.GetProperty("booking").GetString());
        Assert.Equal("reduced", customer.GetProperty("supportLevel").GetString());
        Assert.Equal(2, customer.GetProperty("noShowsIn12Months").GetInt32());

        var start = Now.AddDays(5);
        var paid = await JsonAsync(await BookAsync(t.Platform, "paid", "repeat", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        Assert.True(paid.GetProperty("feeRequired").GetBoolean());

        // That booking settles the fee: the one after is free again.
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/repeat", v => v.GetProperty("sanction").ValueKind == JsonValueKind.Null);
        var next = await JsonAsync(await BookAsync(t.Platform, "next", "repeat", "agent", start.AddDays(1), start.AddDays(1).AddHours(1)), HttpStatusCode.Created);
        Assert.False(next.GetProperty("feeRequired").GetBoolean());
    }

    [Fact]
    public async Task Under_the_embargo_policy_a_second_no_show_bars_booking_with_the_first_possible_date()
    {
        var t = await api.NewTenantAsync("bk-embargo");
        const string policy = "support-desk-booking-embargo";
        await LateCancelAsync(t.Platform, "n1", "barred", policy);
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/barred", v => v.GetProperty("noShowsIn12Months").GetInt32() == 1);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var secondAt = Now;
        await LateCancelAsync(t.Platform, "n2", "barred", policy);
        await Eventually.ReachesAsync(t.Platform, "/v1/customers/barred", v => v.GetProperty("booking").GetString() == "refused");

        var start = Now.AddDays(5);
        var problem = await ProblemAssert.IsProblemAsync(await BookAsync(t.Platform, "refused", "barred", "agent", start, start.AddHours(1), policy), HttpStatusCode.Forbidden);
        Assert.Equal("booking_embargo", problem.GetProperty("code").GetString());
        Assert.Equal(secondAt.AddMonths(6), DateTimeOffset.Parse(problem.GetProperty("firstPossible").GetString()!, CultureInfo.InvariantCulture));
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/bookings/refused"), HttpStatusCode.NotFound);
    }

    // ---- tenants, roles, malformed input ----

    [Fact]
    public async Task Another_tenants_booking_answers_404_and_its_resources_are_separate()
    {
        var a = await api.NewTenantAsync("bk-iso-a");
        var b = await api.NewTenantAsync("bk-iso-b");
        var start = Now.AddDays(3);
        await JsonAsync(await BookAsync(a.Platform, "secret", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        var before = await a.Platform.GetStringAsync("/v1/bookings/secret");

        await ProblemAssert.IsProblemAsync(await b.Platform.GetAsync("/v1/bookings/secret"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.Platform.PostAsJsonAsync("/v1/bookings/secret/reschedule", new { start = start.AddDays(1), end = start.AddDays(1).AddHours(1) }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.Platform.PostAsJsonAsync("/v1/bookings/secret/cancel", new { }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.Platform.PostAsJsonAsync("/v1/bookings/secret/attendance", new { kind = "joined" }), HttpStatusCode.NotFound);
        Assert.Equal(before, await a.Platform.GetStringAsync("/v1/bookings/secret"));

        await JsonAsync(await BookAsync(b.Platform, "mine", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Roles_are_enforced_on_booking_routes()
    {
        var t = await api.NewTenantAsync("bk-roles");
        var start = Now.AddDays(3);
        await ProblemAssert.IsProblemAsync(await BookAsync(t.Reviewer, "b0", "c", "r", start, start.AddHours(1)), HttpStatusCode.Forbidden);
        using var anonymous = api.CreateClient();
        await ProblemAssert.IsProblemAsync(await BookAsync(anonymous, "b0", "c", "r", start, start.AddHours(1)), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/bookings/b0"), HttpStatusCode.NotFound);

        await JsonAsync(await BookAsync(t.Admin, "b1", "c", "r", start, start.AddHours(1)), HttpStatusCode.Created);
        await JsonAsync(await t.Reviewer.GetAsync("/v1/bookings/b1"));
        await ProblemAssert.IsProblemAsync(await t.Reviewer.PostAsJsonAsync("/v1/bookings/b1/cancel", new { }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await t.Reviewer.PostAsJsonAsync("/v1/bookings/b1/reschedule", new { start, end = start.AddHours(2) }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await t.Reviewer.PostAsJsonAsync("/v1/bookings/b1/attendance", new { kind = "joined" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/v1/bookings/b1"), HttpStatusCode.Unauthorized);
        Assert.Equal("scheduled", (await JsonAsync(await t.Platform.GetAsync("/v1/bookings/b1"))).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{E}\"}", "customer")]
    [InlineData("{\"customer\":\"c\",\"start\":\"{S}\",\"end\":\"{E}\"}", "resource")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"end\":\"{E}\"}", "start")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"tomorrow\",\"end\":\"{E}\"}", "start")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{E}\",\"end\":\"{S}\"}", "end")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{PAST}\",\"end\":\"{E}\"}", "start")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S_SUBMICRO}\",\"end\":\"{E}\"}", "start")]
    [InlineData("{\"customer\":\"c/../x\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{E}\"}", "customer")]
    [InlineData("{\"id\":\"a b\",\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{E}\"}", "id")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{E}\",\"policy\":\"no-such-policy\"}", "policy")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{E}\",\"policy\":null}", "policy")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{E}\",\"colour\":\"red\"}", "colour")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{FAR}\",\"end\":\"{FAR_E}\"}", "start")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"{LONG_E}\"}", "end")]
    [InlineData("{\"customer\":\"c\",\"resource\":\"r\",\"start\":\"{S}\",\"end\":\"9000-01-01T00:00:00Z\"}", "end")]
    public async Task Malformed_creates_are_400_naming_the_field_and_reserve_nothing(string template, string field)
    {
        var t = await api.NewTenantAsync($"bk-bad-{field.ToLowerInvariant()}-{Guid.NewGuid():N}");
        var start = Now.AddDays(3);
        var body = template
            .Replace("{S_SUBMICRO}", Iso(start.AddTicks(1)))
            .Replace("{FAR_E}", Iso(Now.AddDays(800).AddHours(1)))
            .Replace("{FAR}", Iso(Now.AddDays(800)))
            .Replace("{LONG_E}", Iso(start.AddHours(25)))
            .Replace("{S}", Iso(start))
            .Replace("{E}", Iso(start.AddHours(1)))
            .Replace("{PAST}", Iso(Now.AddMinutes(-1)));
        var response = await t.Platform.PostAsync("/v1/bookings", new StringContent(body, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);

        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/customers/c"), HttpStatusCode.NotFound);
        await JsonAsync(await BookAsync(t.Platform, "valid", "c", "r", start, start.AddHours(1)), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("reschedule", "{\"start\":\"{S}\"}", "end")]
    [InlineData("reschedule", "{\"start\":\"{S}\",\"end\":\"{E}\",\"by\":\"robot\"}", "by")]
    [InlineData("reschedule", "{\"start\":\"{PAST}\",\"end\":\"{E}\"}", "start")]
    [InlineData("reschedule", "{\"start\":\"{E}\",\"end\":\"{S}\"}", "end")]
    [InlineData("cancel", "{\"reason\":\"\"}", "reason")]
    [InlineData("cancel", "{\"reason\":42}", "reason")]
    [InlineData("attendance", "{\"kind\":\"dance\"}", "kind")]
    [InlineData("attendance", "{\"at\":\"{S}\"}", "kind")]
    [InlineData("attendance", "{\"kind\":\"joined\",\"at\":\"{E}\"}", "at")]
    [InlineData("attendance", "{\"kind\":\"joined\",\"at\":\"{PAST}\"}", "at")]
    [InlineData("attendance", "{\"kind\":\"joined\",\"at\":\"0001-01-01T00:00:00Z\"}", "at")]
    [InlineData("reschedule", "{\"start\":\"{S}\",\"end\":\"{LONG_E}\"}", "end")]
    public async Task Malformed_changes_are_400_naming_the_field_and_change_nothing(string action, string template, string field)
    {
        var t = await api.NewTenantAsync($"bk-badchg-{action}-{field.ToLowerInvariant()}-{Guid.NewGuid():N}");
        var start = Now.AddDays(3);
        await JsonAsync(await BookAsync(t.Platform, "b1", "c", "agent", start, start.AddHours(1)), HttpStatusCode.Created);
        var before = await t.Platform.GetStringAsync("/v1/bookings/b1");
        var body = template
            .Replace("{LONG_E}", Iso(start.AddDays(1).AddHours(25)))
            .Replace("{S}", Iso(start.AddDays(1)))
            .Replace("{E}", Iso(start.AddDays(1).AddHours(1)))
            .Replace("{PAST}", Iso(Now.AddMinutes(-1)));

        var response = await t.Platform.PostAsync($"/v1/bookings/b1/{action}", new StringContent(body, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await t.Platform.GetStringAsync("/v1/bookings/b1"));
        // The slot the bad reschedule named is still free.
        await JsonAsync(await BookAsync(t.Platform, "b2", "c", "agent", start.AddDays(1), start.AddDays(1).AddHours(1)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_unknown_booking_is_404_on_every_route()
    {
        var t = await api.NewTenantAsync("bk-unknown");
        var start = Now.AddDays(3);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/bookings/nope"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/nope/reschedule", new { start, end = start.AddHours(1) }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/nope/cancel", new { }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await t.Platform.PostAsJsonAsync("/v1/bookings/nope/attendance", new { kind = "joined" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await t.Platform.GetAsync("/v1/bookings/bad%20id"), HttpStatusCode.BadRequest, "id");
    }

    // ---- helpers (also used by CustomerRouteTests) ----

    internal static Task<HttpResponseMessage> BookAsync(
        HttpClient client, string id, string customer, string resource, DateTimeOffset start, DateTimeOffset end, string? policy = null) =>
        policy is null
            ? client.PostAsJsonAsync("/v1/bookings", new { id, customer, resource, start, end })
            : client.PostAsJsonAsync("/v1/bookings", new { id, customer, resource, start, end, policy });

    /// <summary>Books a session two hours ahead and cancels it at once: a late cancel, so a no-show.</summary>
    private async Task LateCancelAsync(HttpClient client, string id, string customer, string? policy = null)
    {
        var start = Now.AddHours(2);
        await JsonAsync(await BookAsync(client, id, customer, "late-" + id, start, start.AddHours(1), policy), HttpStatusCode.Created);
        var cancelled = await JsonAsync(await client.PostAsJsonAsync($"/v1/bookings/{id}/cancel", new { reason = "changed my mind" }));
        Assert.Equal("late_cancellation", cancelled.GetProperty("noShow").GetProperty("reason").GetString());
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string[] Statuses(JsonElement booking) =>
        [.. booking.GetProperty("reminders").EnumerateArray().Select(r => r.GetProperty("status").GetString()!)];

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
