using System.Text.Json;
using Npgsql;
using Pledge.Hosting.Webhooks;
using Pledge.Testing;

namespace Pledge.Faults.Tests;

/// <summary>What the checker compared and what it found wrong; every figure is printed, every problem fails the test.</summary>
public sealed class ConsistencyReport
{
    public Dictionary<string, long> Compared { get; } = [];

    public List<string> Problems { get; } = [];

    public long Lost { get; set; }

    public long Doubled { get; set; }

    public long MissedDeadlines { get; set; }

    public long WebhookMissing { get; set; }

    public long WebhookForeign { get; set; }

    public long BadSignatures { get; set; }

    /// <summary>The longest time between a deadline and the commit of the event it fired (kills and the outage included).</summary>
    public TimeSpan LatestFiring { get; set; }

    internal void Add(string what, long count = 1) => Compared[what] = Compared.GetValueOrDefault(what) + count;

    internal void Late(TimeSpan lateness)
    {
        if (lateness > LatestFiring) LatestFiring = lateness;
    }

    internal void Problem(string what)
    {
        if (Problems.Count < 50) Problems.Add(what);
    }
}

/// <summary>
/// Compares the clients' acknowledgements with the events table, checks that every deadline that fell due fired
/// once, and that the webhook receiver got every committed event of the subscribed types and nothing else.
/// </summary>
public static class ConsistencyChecker
{
    public static readonly string[] SubscribedTypes =
        ["opened", "message_received", "wait_breached", "booking_created", "no_show", "complaint_registered", "complaint_answered", "complaint_closed"];

    private static readonly TimeSpan Tier = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(2);

    private sealed record Row(string Kind, string Key, long Sequence, string Type, DateTimeOffset Recorded, JsonElement Data);

    public static async Task<ConsistencyReport> CheckAsync(
        string connectionString, string tenant, IReadOnlyCollection<Acknowledged> acks,
        IReadOnlyCollection<WebhookReceiver.Received> received, string secret, DateTimeOffset cutoff)
    {
        var report = new ConsistencyReport();
        var rows = await ReadEventsAsync(connectionString);
        var mine = rows.Where(r => r.Tenant == tenant).Select(r => r.Row).ToList();
        report.Add("events in the database (tenant)", mine.Count);

        // Occurrences of each fact the clients can be acknowledged for, keyed the way the clients name them.
        var facts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string fact) => facts[fact] = facts.GetValueOrDefault(fact) + 1;
        foreach (var r in mine)
        {
            switch (r.Kind, r.Type)
            {
                case ("conversation", "opened"): Count($"conversation|{r.Key}"); break;
                case ("conversation", "message_received"): Count($"message|{r.Key}|{r.Data.GetProperty("messageId").GetString()}"); break;
                case ("booking", "booking_created"): Count($"booking|{r.Key}"); break;
                case ("case", "complaint_registered"): Count($"case|{r.Key}"); break;
                case ("case", "complaint_answered"): Count($"case_action|{r.Key}|{r.Key}-answer"); break;
                case ("case", "complaint_closed"): Count($"case_action|{r.Key}|{r.Key}-close"); break;
            }
        }

        // Lost: an acknowledged request whose fact is not in the database. Doubled: any fact recorded twice.
        foreach (var ack in acks.Select(a => a.Operation).DistinctBy(o => (o.Kind, o.Entity, o.Item)))
        {
            var fact = ack.Kind switch
            {
                "conversation" or "booking" or "case" => $"{ack.Kind}|{ack.Entity}",
                _ => $"{ack.Kind}|{ack.Entity}|{ack.Item}",
            };
            report.Add($"acknowledged {ack.Kind} requests compared");
            if (!facts.ContainsKey(fact))
            {
                report.Lost++;
                report.Problem($"lost: acknowledged {ack.Kind} {ack.Entity} {ack.Item} is not in the database");
            }
        }
        foreach (var (fact, count) in facts)
        {
            report.Add("facts checked for doubles");
            if (count > 1)
            {
                report.Doubled++;
                report.Problem($"doubled: {fact} recorded {count} times");
            }
        }

        CheckWaits(mine, cutoff, report);
        CheckNoShows(mine, cutoff, report);
        CheckWebhooks(rows, tenant, received, secret, report);
        return report;
    }

    // One breach per wait and tier; a breach for every wait still open (or answered late) past its deadline; none
    // for a wait answered in time.
    private static void CheckWaits(List<Row> events, DateTimeOffset cutoff, ConsistencyReport report)
    {
        var opened = new Dictionary<(string, int), DateTimeOffset>();
        var closed = new Dictionary<(string, int), DateTimeOffset>();
        var breaches = new Dictionary<(string, int, string), int>();
        foreach (var r in events.Where(e => e.Kind == "conversation"))
        {
            switch (r.Type)
            {
                case "wait_opened": opened[(r.Key, r.Data.GetProperty("waitId").GetInt32())] = r.Data.GetProperty("at").GetDateTimeOffset(); break;
                case "wait_closed": closed[(r.Key, r.Data.GetProperty("waitId").GetInt32())] = r.Data.GetProperty("at").GetDateTimeOffset(); break;
                case "wait_breached":
                    report.Late(r.Recorded - r.Data.GetProperty("at").GetDateTimeOffset());
                    var k = (r.Key, r.Data.GetProperty("waitId").GetInt32(), r.Data.GetProperty("tier").GetString()!);
                    breaches[k] = breaches.GetValueOrDefault(k) + 1;
                    break;
            }
        }

        foreach (var ((key, wait), at) in opened)
        {
            report.Add("waits checked");
            var breachAt = at + Tier + TimeSpan.FromTicks(10);
            var count = breaches.GetValueOrDefault((key, wait, "PT2S"));
            var answered = closed.TryGetValue((key, wait), out var closedAt);
            if (count > 1)
            {
                report.Doubled++;
                report.Problem($"doubled: wait {key}#{wait} breached PT2S {count} times");
            }
            if (answered && closedAt < breachAt)
            {
                if (count > 0) report.Problem($"wrong: wait {key}#{wait} answered in time but breached");
                continue;
            }
            if (breachAt > cutoff) continue;
            report.Add("deadlines due (wait breaches)");
            if (count == 0)
            {
                report.MissedDeadlines++;
                report.Problem($"missed: wait {key}#{wait} opened {at:O} has no PT2S breach");
            }
        }
    }

    // One no-show per booking nobody joined, once its join grace has passed.
    private static void CheckNoShows(List<Row> events, DateTimeOffset cutoff, ConsistencyReport report)
    {
        foreach (var noShow in events.Where(e => e.Kind == "booking" && e.Type == "no_show"))
            report.Late(noShow.Recorded - noShow.Data.GetProperty("at").GetDateTimeOffset());
        var noShows = events.Where(e => e.Kind == "booking" && e.Type == "no_show").GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
        foreach (var created in events.Where(e => e.Kind == "booking" && e.Type == "booking_created"))
        {
            report.Add("bookings checked");
            var count = noShows.GetValueOrDefault(created.Key);
            if (count > 1)
            {
                report.Doubled++;
                report.Problem($"doubled: booking {created.Key} has {count} no-shows");
            }
            if (created.Data.GetProperty("start").GetDateTimeOffset() + JoinGrace > cutoff) continue;
            report.Add("deadlines due (no-shows)");
            if (count == 0)
            {
                report.MissedDeadlines++;
                report.Problem($"missed: booking {created.Key} has no no-show");
            }
        }
    }

    private static void CheckWebhooks(List<(string Tenant, Row Row)> rows, string tenant, IReadOnlyCollection<WebhookReceiver.Received> received, string secret, ConsistencyReport report)
    {
        static string Id(string tenant, Row r) => $"{r.Kind}:{tenant}/{r.Key}:{r.Sequence}";
        var committed = rows.Select(r => Id(r.Tenant, r.Row)).ToHashSet(StringComparer.Ordinal);
        var expected = rows.Where(r => r.Tenant == tenant && SubscribedTypes.Contains(r.Row.Type)).Select(r => Id(tenant, r.Row)).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in received)
        {
            report.Add("webhook deliveries received");
            var id = request.EventId ?? "";
            seen.Add(id);
            if (!committed.Contains(id))
            {
                report.WebhookForeign++;
                report.Problem($"foreign: the receiver got event {id}, which is not in the events table");
            }
            var valid = request.Timestamp is not null && WebhookSignature.Verify(secret, request.Timestamp, request.Body, request.Signature)
                && JsonDocument.Parse(request.Body).RootElement.GetProperty("id").GetString() == id;
            if (!valid)
            {
                report.BadSignatures++;
                report.Problem($"unsigned or mislabelled delivery of {id}");
            }
        }
        report.Add("distinct webhook events received", seen.Count);
        foreach (var id in expected)
        {
            report.Add("committed events of subscribed types");
            if (!seen.Contains(id))
            {
                report.WebhookMissing++;
                report.Problem($"webhook missing: {id} never reached the receiver");
            }
        }
    }

    private static async Task<List<(string Tenant, Row Row)>> ReadEventsAsync(string connectionString)
    {
        var rows = new List<(string, Row)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tenant, kind, key, sequence, type, at, data::text FROM pledge.events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var data = JsonDocument.Parse(reader.GetString(6)).RootElement.Clone();
            var recorded = reader.GetFieldValue<DateTimeOffset>(5);
            rows.Add((reader.GetString(0), new Row(reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), recorded, data)));
        }
        return rows;
    }
}
