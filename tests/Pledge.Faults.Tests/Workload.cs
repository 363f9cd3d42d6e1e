using System.Globalization;
using System.Text.Json;

namespace Pledge.Faults.Tests;

/// <summary>
/// One client's share of the load: conversation messages (customers open waits, agents answer some of them late),
/// bookings nobody joins (so each falls due as a no-show), and complaints that are answered and then closed.
/// Every id is chosen by the client, so a retry or a replay is the same request.
/// </summary>
public sealed class Workload(int client, LoadClient api, int seed)
{
    public const string ChatPolicy = "fault-chat";
    public const string BookingPolicy = "fault-booking";
    private const int Conversations = 6;

    private readonly Random random = new(seed);
    private readonly Queue<(string Case, string Customer, int Step)> openCases = new();

    private string Company => $"co-{client}";

    public async Task RunAsync(int operations, TimeSpan pace, Action done)
    {
        for (var i = 0; i < Conversations; i++)
        {
            var id = ConversationId(i);
            await api.SendAsync(new Operation("conversation", id, id, HttpMethod.Put, $"/v1/conversations/{id}",
                Json(new { policy = ChatPolicy, owner = $"agent-{client}", customer = $"cust-{client}-{i}" })));
        }

        for (var n = 0; n < operations; n++)
        {
            var roll = random.Next(100);
            if (roll < 55) await MessageAsync(n);
            else if (roll < 75) await BookingAsync(n);
            else await CaseStepAsync(n);
            done();
            await Task.Delay(pace);
        }
    }

    private string ConversationId(int i) => $"cv-{client}-{i}";

    private Task MessageAsync(int n)
    {
        var i = random.Next(Conversations);
        var id = ConversationId(i);
        var fromCustomer = random.Next(100) < 55;
        var messageId = $"m-{client}-{n}";
        var body = Json(new
        {
            messageId,
            from = fromCustomer ? "customer" : "agent",
            author = fromCustomer ? $"cust-{client}-{i}" : $"agent-{client}",
            text = fromCustomer ? $"Is my order {n} on its way?" : $"Yes, order {n} left today.",
        });
        return api.SendAsync(new Operation("message", id, messageId, HttpMethod.Post, $"/v1/conversations/{id}/messages", body));
    }

    private Task BookingAsync(int n)
    {
        var id = $"b-{client}-{n}";
        // Starts soon enough that its no-show falls due during the run; late enough to survive a retry or two.
        var start = DateTimeOffset.UtcNow.AddSeconds(8);
        start = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var body = Json(new
        {
            id,
            customer = $"bc-{client}-{n}",
            resource = $"room-{client}-{n}",
            start = start.ToString("O", CultureInfo.InvariantCulture),
            end = start.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
            policy = BookingPolicy,
        });
        return api.SendAsync(new Operation("booking", id, id, HttpMethod.Post, "/v1/bookings", body));
    }

    private async Task CaseStepAsync(int n)
    {
        if (openCases.Count < 2 || random.Next(100) < 35)
        {
            var id = $"k-{client}-{n}";
            var customer = $"kc-{client}-{n}";
            var body = Json(new
            {
                id,
                type = "complaint",
                companyId = Company,
                customerId = customer,
                channel = "phone",
                subject = "Charged twice",
                description = $"I was billed twice for order {n}.",
            });
            var (outcome, _, _) = await api.SendAsync(new Operation("case", id, id, HttpMethod.Post, "/v1/cases", body));
            if (outcome == LoadClient.Outcome.Acknowledged) openCases.Enqueue((id, customer, 0));
            return;
        }

        var (caseId, caseCustomer, step) = openCases.Dequeue();
        var (action, actionBody) = step == 0
            ? ("answer", Json(new { action = "answer", @as = new { id = Company, role = "seller" }, text = "We refunded the second charge." }))
            : ("close", Json(new { action = "close", @as = new { id = caseCustomer, role = "customer" }, resolution = "resolved" }));
        var key = $"{caseId}-{action}";
        var (result, _, _) = await api.SendAsync(new Operation("case_action", caseId, key, HttpMethod.Post, $"/v1/cases/{caseId}/actions", actionBody, key));
        if (result == LoadClient.Outcome.Acknowledged && step == 0) openCases.Enqueue((caseId, caseCustomer, 1));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
