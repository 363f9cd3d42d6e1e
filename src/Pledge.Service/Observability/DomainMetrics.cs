using System.Diagnostics.Metrics;
using System.Text.Json;
using Pledge.Bookings.Bookings;
using Pledge.Cases;
using Pledge.Conduct.Conduct;
using Pledge.Domain.Conversations;
using Pledge.Domain.Json;

namespace Pledge.Service.Observability;

/// <summary>
/// What a care lead reads, on the meter <c>Pledge</c>: counted from the events an entity committed, so a figure moves
/// exactly when the fact is durable. Attributes stay bounded: tenants and policies are configured by operators,
/// tiers, categories, kinds and statuses are enumerations; entity ids never appear.
/// </summary>
public sealed class DomainMetrics : IDisposable
{
    public const string MeterName = "Pledge";

    private readonly Meter meter;
    private readonly Counter<long> messages;
    private readonly Counter<long> waitsOpened;
    private readonly Counter<long> waitsClosed;
    private readonly Counter<long> breaches;
    private readonly Counter<long> findings;
    private readonly Counter<long> claimsFiled;
    private readonly Counter<long> claimsDecided;
    private readonly Counter<long> noShows;
    private readonly Counter<long> sanctions;
    private readonly Counter<long> caseStatus;

    public DomainMetrics(IMeterFactory? factory = null)
    {
        meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        messages = meter.CreateCounter<long>("pledge.messages.received", "{message}", "Conversation messages taken, by tenant and policy.");
        waitsOpened = meter.CreateCounter<long>("pledge.waits.opened", "{wait}", "Customer waits opened (a message awaiting its answer).");
        waitsClosed = meter.CreateCounter<long>("pledge.waits.closed", "{wait}", "Customer waits closed, by outcome (answered, excused).");
        breaches = meter.CreateCounter<long>("pledge.breaches", "{breach}", "Response-time tiers breached, by tier (ISO-8601 duration).");
        findings = meter.CreateCounter<long>("pledge.screening.findings", "{finding}", "Screening findings in conversation messages, by category.");
        claimsFiled = meter.CreateCounter<long>("pledge.claims.filed", "{claim}", "Money-back claims filed, once per claimed category.");
        claimsDecided = meter.CreateCounter<long>("pledge.claims.decided", "{claim}", "Money-back claims decided, by category and outcome.");
        noShows = meter.CreateCounter<long>("pledge.noshows", "{no_show}", "Bookings the customer did not join.");
        sanctions = meter.CreateCounter<long>("pledge.sanctions", "{sanction}", "Sanctions imposed, by kind and subject (owner, customer).");
        caseStatus = meter.CreateCounter<long>("pledge.cases.status_changes", "{case}", "Cases entering a status, by case type and status.");
    }

    /// <summary>Counts what <paramref name="events"/>, just committed by an entity of <paramref name="kind"/>, mean.</summary>
    public void Committed<TEvent, TState>(string kind, string tenant, TState after, IEnumerable<TEvent> events)
    {
        foreach (var e in events)
        {
            switch (e, after)
            {
                case (ConversationEvent.MessageReceived m, ConversationState s):
                    messages.Add(1, Tenant(tenant), Policy(s));
                    foreach (var finding in m.Findings ?? [])
                        findings.Add(1, Tenant(tenant), new("category", finding.Category));
                    break;
                case (ConversationEvent.WaitOpened, ConversationState s):
                    waitsOpened.Add(1, Tenant(tenant), Policy(s));
                    break;
                case (ConversationEvent.WaitClosed, ConversationState s):
                    waitsClosed.Add(1, Tenant(tenant), Policy(s), new("outcome", "answered"));
                    break;
                case (ConversationEvent.WaitExcused, ConversationState s):
                    waitsClosed.Add(1, Tenant(tenant), Policy(s), new("outcome", "excused"));
                    break;
                case (ConversationEvent.WaitBreached b, ConversationState s):
                    breaches.Add(1, Tenant(tenant), Policy(s), new("tier", Tier(b.Tier)));
                    break;
                case (ClaimFiled f, _):
                    foreach (var category in f.Categories)
                        claimsFiled.Add(1, Tenant(tenant), new("category", Snake(category)));
                    break;
                case (ClaimApproved a, _):
                    foreach (var category in a.Categories)
                        claimsDecided.Add(1, Tenant(tenant), new("category", Snake(category)), new("outcome", "approved"));
                    break;
                case (ClaimRejected, CaseState s):
                    foreach (var category in s.Claim?.Categories ?? [])
                        claimsDecided.Add(1, Tenant(tenant), new("category", Snake(category)), new("outcome", "rejected"));
                    break;
                case (NoShowRecorded, _):
                    noShows.Add(1, Tenant(tenant));
                    break;
                case (SanctionImposed imposed, _):
                    sanctions.Add(1, Tenant(tenant), new("kind", Snake(imposed.Sanction.Kind)),
                        new("subject", kind == PledgeCatalog.CustomerConduct.Name ? "customer" : "owner"));
                    break;
            }
        }
    }

    /// <summary>Counts an entity entering <paramref name="status"/> (cases only: other kinds' statuses are not a care figure).</summary>
    public void StatusChanged<TState>(string tenant, TState after, string status)
    {
        if (after is CaseState { Type: { } type })
            caseStatus.Add(1, Tenant(tenant), new("type", Snake(type)), new("status", status));
    }

    /// <summary>
    /// The label a deadline's lateness carries: a wait's tier ("wait:{id}:PT2M" → "PT2M"), else the deadline's
    /// name without entity-local ids.
    /// </summary>
    public static string DeadlineLabel(string deadline)
    {
        var parts = deadline.Split(':');
        return parts is ["wait", _, var tier] ? tier : string.Join(':', parts.Where(p => !p.All(char.IsAsciiDigit)));
    }

    private static string Tier(TimeSpan tier) => IsoDurationConverter.Format(tier);

    public void Dispose() => meter.Dispose();

    private static KeyValuePair<string, object?> Tenant(string tenant) => new("tenant", tenant);

    private static KeyValuePair<string, object?> Policy(ConversationState state) => new("policy", state.Policy?.Name ?? "");

    private static string Snake<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
