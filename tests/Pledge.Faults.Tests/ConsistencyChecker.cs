using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    /// <summary>Every deadline that fired (a wait's breach, a booking's no-show): when it was due and when its event was committed.</summary>
    public List<Firing> Firings { get; } = [];

    /// <summary>The longest time between a deadline and the commit of the event it fired (kills and the outage included).</summary>
    public TimeSpan LatestFiring => Firings.Count == 0 ? TimeSpan.Zero : Firings.Max(f => f.Lateness);

    /// <summary>Whether the cluster has caught up: nothing overdue, nothing it committed still on its way to the receiver.</summary>
    public bool Settled => MissedDeadlines == 0 && WebhookMissing == 0;

    public sealed record Firing(string Entity, string Deadline, DateTimeOffset Due, DateTimeOffset Committed)
    {
        public TimeSpan Lateness => Committed - Due;
    }

    internal void Add(string what, long count = 1) => Compared[what] = Compared.GetValueOrDefault(what) + count;

    internal void Problem(string what)
    {
        if (Problems.Count < 50) Problems.Add(what);
    }
}

/// <summary>
/// Checks a tenant through what a client of Pledge can see: the REST API's views of its conversations, bookings and
/// cases, and the webhook receiver's records of a <c>*</c> subscription, which carry every committed event of the
/// tenant (id, entity, sequence, commit time, data) signed with the endpoint's secret.
/// <list type="bullet">
/// <item>Webhooks: every delivery is signed and labelled; each entity's events arrive without a gap (sequences
/// 1..n), and as many of each kind as its view shows (waits opened, closed and breached; no-shows; answers and
/// closes), so the last ones are not missing either; none is for an entity the API does not know.</item>
/// <item>Lost: an acknowledged request whose fact is not there (an entity the API answers 404 for, a message id no
/// <c>message_received</c> event carries). Doubled: any fact recorded twice under two sequences.</item>
/// <item>Deadlines: every wait left unanswered past its tier has its breach, once; every booking nobody joined has
/// its no-show, once, after the grace; no wait answered in time is breached.</item>
/// </list>
/// </summary>
public static class ConsistencyChecker
{
    /// <summary>The subscription the checker needs: every event type, so that each entity's stream is complete.</summary>
    public static readonly string[] SubscribedTypes = ["*"];

    private static readonly string[] CheckedKinds = ["conversation", "booking", "case"];
    private static readonly TimeSpan Tier = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(2);

    /// <summary>One committed event as a webhook delivered it.</summary>
    public sealed record Event(string Id, string Kind, string Key, long Sequence, string Type, DateTimeOffset Committed, JsonElement Data);

    /// <param name="http">A client holding a key that may read the tenant.</param>
    /// <param name="api">The api node to read through.</param>
    /// <param name="cutoff">Deadlines due after this are not required to have fired yet.</param>
    public static async Task<ConsistencyReport> CheckAsync(
        HttpClient http, string api, string tenant, IReadOnlyCollection<Acknowledged> acks,
        IReadOnlyCollection<WebhookReceiver.Received> received, string secret, DateTimeOffset cutoff)
    {
        var report = new ConsistencyReport();
        var events = ReadDeliveries(tenant, received, secret, report);
        var streams = events.Values.Where(e => CheckedKinds.Contains(e.Kind)).GroupBy(e => (e.Kind, e.Key))
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Sequence).ToList());
        report.Add("distinct events received (all kinds)", events.Count);
        report.Add("events of other kinds (reaction targets; signature checked only)", events.Values.Count(e => !CheckedKinds.Contains(e.Kind)));

        // Every entity the clients named or the webhooks told of, as the API shows it now.
        var wanted = new HashSet<(string Kind, string Key)>(streams.Keys);
        foreach (var op in acks.Select(a => a.Operation))
            wanted.Add((op.Kind switch { "message" => "conversation", "case_action" => "case", _ => op.Kind }, op.Entity));
        foreach (var id in received.Select(r => r.EventId).OfType<string>())
            if (ParseId(id) is { } parsed && CheckedKinds.Contains(parsed.Kind) && parsed.Tenant == tenant)
                wanted.Add((parsed.Kind, parsed.Key));
        var views = await ReadViewsAsync(http, api, wanted, report);
        report.Add("entities read through the API", views.Count(v => v.Value is not null));

        // Foreign: a delivery for an entity the API does not know, or beyond what it says the entity holds.
        foreach (var id in received.Select(r => r.EventId ?? "").Distinct(StringComparer.Ordinal))
        {
            var parsed = ParseId(id);
            if (parsed is null || parsed.Value.Tenant != tenant)
            {
                report.WebhookForeign++;
                report.Problem($"foreign: the receiver got event '{id}', which is not one of tenant {tenant}'s");
                continue;
            }
            if (!CheckedKinds.Contains(parsed.Value.Kind)) continue;
            if (views.GetValueOrDefault((parsed.Value.Kind, parsed.Value.Key)) is null)
            {
                report.WebhookForeign++;
                report.Problem($"foreign: the receiver got event {id}, but the API knows no {parsed.Value.Kind} {parsed.Value.Key}");
            }
        }

        foreach (var ((kind, key), view) in views)
        {
            if (view is not { } v) continue;
            var stream = streams.GetValueOrDefault((kind, key)) ?? [];
            CheckStream(kind, key, stream, v, report);
        }

        var mine = streams.Values.SelectMany(s => s).ToList();
        CheckFacts(acks, mine, views, report);
        CheckWaits(mine, cutoff, report);
        CheckNoShows(mine, views, cutoff, report);
        return report;
    }

    /// <summary>
    /// What replays must leave unchanged: the distinct events received, the sum of their sequences, and a digest of
    /// every view the clients' entities have.
    /// </summary>
    public static async Task<(long Events, long Sequences, string Views)> FingerprintAsync(
        HttpClient http, string api, IReadOnlyCollection<Acknowledged> acks, IReadOnlyCollection<WebhookReceiver.Received> received)
    {
        var wanted = acks.Select(a => a.Operation)
            .Select(op => (op.Kind switch { "message" => "conversation", "case_action" => "case", _ => op.Kind }, op.Entity)).ToHashSet();
        // The entities the requests addressed, as their views are: reaction targets (owners, customers, conduct
        // records) may still be receiving retried reactions from the outage, which no replay caused.
        var ids = received.Select(r => r.EventId).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(id => ParseId(id) is { } e && wanted.Contains((e.Kind, e.Key))).ToList();
        var report = new ConsistencyReport();
        var views = await ReadViewsAsync(http, api, wanted, report);
        var text = string.Join("\n", views.OrderBy(v => v.Key.Item1, StringComparer.Ordinal).ThenBy(v => v.Key.Item2, StringComparer.Ordinal)
            .Select(v => $"{v.Key.Item1}/{v.Key.Item2}={v.Value?.GetRawText()}"));
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return (ids.Count, ids.Sum(id => ParseId(id)?.Sequence ?? 0), digest);
    }

    // Checks each delivery's signature and label and keeps one copy of each event (deliveries are at least once).
    private static Dictionary<string, Event> ReadDeliveries(string tenant, IReadOnlyCollection<WebhookReceiver.Received> received, string secret, ConsistencyReport report)
    {
        var events = new Dictionary<string, Event>(StringComparer.Ordinal);
        foreach (var request in received)
        {
            report.Add("webhook deliveries received");
            var id = request.EventId ?? "";
            Event? e = null;
            try
            {
                var root = JsonDocument.Parse(request.Body).RootElement;
                if (root.TryGetProperty("entity", out var entity) && root.TryGetProperty("sequence", out var sequence))
                    e = new Event(root.GetProperty("id").GetString()!, entity.GetProperty("kind").GetString()!, entity.GetProperty("key").GetString()!,
                        sequence.GetInt64(), root.GetProperty("type").GetString()!, root.GetProperty("at").GetDateTimeOffset(), root.GetProperty("data").Clone());
                else if (root.TryGetProperty("id", out var bodyId) && bodyId.GetString() != id)
                    e = null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException) { }
            var valid = request.Timestamp is not null && WebhookSignature.Verify(secret, request.Timestamp, request.Body, request.Signature)
                && e is not null && e.Id == id && ParseId(id) is { } parsed && parsed.Tenant == tenant && parsed.Kind == e.Kind && parsed.Key == e.Key && parsed.Sequence == e.Sequence;
            if (!valid)
            {
                report.BadSignatures++;
                report.Problem($"unsigned or mislabelled delivery of '{id}'");
                continue;
            }
            if (events.TryGetValue(id, out var seen))
            {
                report.Add("redeliveries of an event already received");
                if (seen.Type != e!.Type || seen.Data.GetRawText() != e.Data.GetRawText())
                    report.Problem($"event {id} was delivered twice with different contents");
                continue;
            }
            events[id] = e!;
        }
        return events;
    }

    private static (string Kind, string Tenant, string Key, long Sequence)? ParseId(string id)
    {
        // kind:tenant/key:sequence
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var last = id.LastIndexOf(':');
        if (colon <= 0 || last <= colon) return null;
        var middle = id[(colon + 1)..last];
        var slash = middle.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !long.TryParse(id[(last + 1)..], out var sequence)) return null;
        return (id[..colon], middle[..slash], middle[(slash + 1)..], sequence);
    }

    private static async Task<Dictionary<(string Kind, string Key), JsonElement?>> ReadViewsAsync(
        HttpClient http, string api, IEnumerable<(string Kind, string Key)> entities, ConsistencyReport report)
    {
        var views = new ConcurrentDictionary<(string, string), JsonElement?>();
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entity, cancellationToken) =>
        {
            var path = entity.Kind switch
            {
                "conversation" => $"/v1/conversations/{entity.Key}",
                "booking" => $"/v1/bookings/{entity.Key}",
                "case" => $"/v1/cases/{entity.Key}",
                _ => throw new ArgumentException($"No view for {entity.Kind}."),
            };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync(api + path, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        views[entity] = null;
                        return;
                    }
                    if (response.IsSuccessStatusCode)
                    {
                        views[entity] = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
                        return;
                    }
                    if (attempt >= 5)
                    {
                        failures.Enqueue($"GET {path}: {(int)response.StatusCode}");
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 5)
                {
                }
                await Task.Delay(200 * attempt, cancellationToken);
            }
        });
        foreach (var failure in failures)
        {
            report.WebhookMissing++;
            report.Problem("could not read " + failure);
        }
        return new Dictionary<(string, string), JsonElement?>(views);
    }

    // The entity's events: sequences 1..n without a gap, and as many of each kind as the view shows.
    private static void CheckStream(string kind, string key, List<Event> stream, JsonElement view, ConsistencyReport report)
    {
        report.Add($"{kind} streams checked");
        var sequences = stream.Select(e => e.Sequence).ToHashSet();
        var top = sequences.Count == 0 ? 0 : sequences.Max();
        for (var s = 1L; s <= top; s++)
        {
            if (sequences.Contains(s)) continue;
            report.WebhookMissing++;
            report.Problem($"webhook missing: {kind} {key} event #{s} never reached the receiver (it got #{top})");
        }
        int Count(string type) => stream.Count(e => e.Type == type);
        void Expect(string what, long shown, long delivered)
        {
            if (shown == delivered) return;
            report.WebhookMissing++;
            report.Problem($"webhook missing: {kind} {key} shows {shown} {what}, the receiver got {delivered}");
        }
        switch (kind)
        {
            case "conversation":
                var waits = view.GetProperty("waits").EnumerateArray().ToList();
                Expect("opened (1)", 1, Count("opened"));
                Expect("waits", waits.Count, Count("wait_opened"));
                Expect("closed waits", waits.Count(w => w.TryGetProperty("closed", out var c) && c.ValueKind != JsonValueKind.Null), Count("wait_closed"));
                Expect("breaches", view.GetProperty("breaches").EnumerateObject().Sum(p => p.Value.GetInt32()), Count("wait_breached"));
                break;
            case "booking":
                Expect("bookings created (1)", 1, Count("booking_created"));
                Expect("no-shows", view.GetProperty("noShows").GetArrayLength(), Count("no_show"));
                break;
            case "case":
                var status = view.GetProperty("status").GetString();
                Expect("registrations (1)", 1, Count("complaint_registered"));
                Expect("answers", status is "answered" or "closed" ? 1 : 0, Count("complaint_answered"));
                Expect("closes", status == "closed" ? 1 : 0, Count("complaint_closed"));
                break;
        }
    }

    private static void CheckFacts(IReadOnlyCollection<Acknowledged> acks, List<Event> events, Dictionary<(string Kind, string Key), JsonElement?> views, ConsistencyReport report)
    {
        // Occurrences of each fact the clients can be acknowledged for, keyed the way the clients name them.
        var facts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string fact) => facts[fact] = facts.GetValueOrDefault(fact) + 1;
        foreach (var e in events)
        {
            switch (e.Kind, e.Type)
            {
                case ("conversation", "opened"): Count($"conversation|{e.Key}"); break;
                case ("conversation", "message_received"): Count($"message|{e.Key}|{e.Data.GetProperty("messageId").GetString()}"); break;
                case ("booking", "booking_created"): Count($"booking|{e.Key}"); break;
                case ("case", "complaint_registered"): Count($"case|{e.Key}"); break;
                case ("case", "complaint_answered"): Count($"case_action|{e.Key}|{e.Key}-answer"); break;
                case ("case", "complaint_closed"): Count($"case_action|{e.Key}|{e.Key}-close"); break;
            }
        }

        foreach (var ack in acks.Select(a => a.Operation).DistinctBy(o => (o.Kind, o.Entity, o.Item)))
        {
            report.Add($"acknowledged {ack.Kind} requests compared");
            var kind = ack.Kind switch { "message" => "conversation", "case_action" => "case", _ => ack.Kind };
            var fact = ack.Kind is "conversation" or "booking" or "case" ? $"{ack.Kind}|{ack.Entity}" : $"{ack.Kind}|{ack.Entity}|{ack.Item}";
            var known = views.GetValueOrDefault((kind, ack.Entity)) is not null;
            if (!known || !facts.ContainsKey(fact))
            {
                report.Lost++;
                report.Problem(known
                    ? $"lost: acknowledged {ack.Kind} {ack.Entity} {ack.Item} has no event in the tenant's stream"
                    : $"lost: acknowledged {ack.Kind} {ack.Entity} {ack.Item}, but the API knows no {kind} {ack.Entity}");
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
    }

    // One breach per wait and tier; a breach for every wait still open (or answered late) past its deadline; none
    // for a wait answered in time.
    private static void CheckWaits(List<Event> events, DateTimeOffset cutoff, ConsistencyReport report)
    {
        var opened = new Dictionary<(string, int), DateTimeOffset>();
        var closed = new Dictionary<(string, int), DateTimeOffset>();
        var breaches = new Dictionary<(string, int), int>();
        foreach (var e in events.Where(e => e.Kind == "conversation"))
        {
            switch (e.Type)
            {
                case "wait_opened": opened[(e.Key, e.Data.GetProperty("waitId").GetInt32())] = e.Data.GetProperty("at").GetDateTimeOffset(); break;
                case "wait_closed": closed[(e.Key, e.Data.GetProperty("waitId").GetInt32())] = e.Data.GetProperty("at").GetDateTimeOffset(); break;
                case "wait_breached":
                    var wait = e.Data.GetProperty("waitId").GetInt32();
                    report.Firings.Add(new ConsistencyReport.Firing($"conversation {e.Key}#{wait}", "wait_breached", e.Data.GetProperty("at").GetDateTimeOffset(), e.Committed));
                    if (!IsTier(e.Data.GetProperty("tier")))
                        report.Problem($"wrong: wait {e.Key}#{wait} breached tier {e.Data.GetProperty("tier")}, which the policy does not have");
                    breaches[(e.Key, wait)] = breaches.GetValueOrDefault((e.Key, wait)) + 1;
                    break;
            }
        }

        foreach (var ((key, wait), at) in opened)
        {
            report.Add("waits checked");
            var breachAt = at + Tier + TimeSpan.FromTicks(10);
            var count = breaches.GetValueOrDefault((key, wait));
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

    private static bool IsTier(JsonElement tier) =>
        tier.ValueKind == JsonValueKind.String && tier.GetString() is "PT2S" or "00:00:02";

    // One no-show per booking nobody joined, once its join grace has passed.
    private static void CheckNoShows(List<Event> events, Dictionary<(string Kind, string Key), JsonElement?> views, DateTimeOffset cutoff, ConsistencyReport report)
    {
        foreach (var noShow in events.Where(e => e.Kind == "booking" && e.Type == "no_show"))
            report.Firings.Add(new ConsistencyReport.Firing($"booking {noShow.Key}", "no_show", noShow.Data.GetProperty("at").GetDateTimeOffset(), noShow.Committed));
        var noShows = events.Where(e => e.Kind == "booking" && e.Type == "no_show").GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
        foreach (var ((kind, key), view) in views)
        {
            if (kind != "booking" || view is not { } booking) continue;
            report.Add("bookings checked");
            var count = noShows.GetValueOrDefault(key);
            if (count > 1)
            {
                report.Doubled++;
                report.Problem($"doubled: booking {key} has {count} no-shows");
            }
            if (booking.GetProperty("start").GetDateTimeOffset() + JoinGrace > cutoff) continue;
            report.Add("deadlines due (no-shows)");
            if (count == 0 || booking.GetProperty("status").GetString() != "no_show")
            {
                report.MissedDeadlines++;
                report.Problem($"missed: booking {key} (start {booking.GetProperty("start").GetDateTimeOffset():O}) is {booking.GetProperty("status")} with {count} no-show events");
            }
        }
    }
}
