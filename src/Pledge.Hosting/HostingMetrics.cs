using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pledge.Hosting;

/// <summary>The host's instruments, on the meter <c>Pledge.Hosting</c> (OpenTelemetry-style names).</summary>
public sealed class HostingMetrics : IDisposable
{
    public const string MeterName = "Pledge.Hosting";

    private readonly Meter meter;
    private readonly Counter<long> commands;
    private readonly Counter<long> deadlinesFired;
    private readonly Histogram<double> deadlineLateness;
    private readonly Counter<long> webhookDeliveries;
    private readonly Counter<long> webhookFailures;
    private readonly Counter<long> reactions;
    private readonly ConcurrentDictionary<string, int> pendingWebhooks = new(StringComparer.Ordinal);

    public HostingMetrics(IMeterFactory? factory = null)
    {
        meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        commands = meter.CreateCounter<long>("pledge.commands", "{command}", "Commands run by the entity host, by kind and outcome.");
        deadlinesFired = meter.CreateCounter<long>("pledge.deadlines.fired", "{deadline}", "Deadlines fired, by kind and outcome (fired, stale, rejected).");
        deadlineLateness = meter.CreateHistogram<double>("pledge.deadlines.lateness", "s", "How long after its due time a deadline was committed, by kind and tier.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        webhookDeliveries = meter.CreateCounter<long>("pledge.webhooks.deliveries", "{delivery}", "Webhook deliveries acknowledged by the receiver.");
        webhookFailures = meter.CreateCounter<long>("pledge.webhooks.failures", "{delivery}", "Webhook delivery attempts that failed, by outcome (retry, dead).");
        reactions = meter.CreateCounter<long>("pledge.reactions.delivered", "{reaction}", "Reactions delivered to their target entity.");
        meter.CreateObservableGauge("pledge.webhooks.pending", () => pendingWebhooks.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("tenant", p.Key))),
            "{delivery}", "Webhook deliveries waiting for their receiver (the backlog), by tenant, on this silo.");
    }

    // A deadline is due to the microsecond: the interesting range runs from under a millisecond to the minute a
    // reminder period can add after a silo loss.
    private static readonly double[] LatenessBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    internal void Command(string kind, string outcome) =>
        commands.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="tier">A label naming the deadline's rule (a wait's tier such as <c>PT2M</c>), never an entity id.</param>
    internal void DeadlineFired(string kind, string tier, string outcome, TimeSpan lateness)
    {
        deadlinesFired.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "fired")
            deadlineLateness.Record(lateness.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("tier", tier));
    }

    internal void WebhookDelivered() => webhookDeliveries.Add(1);

    internal void WebhookFailed(bool dead) => webhookFailures.Add(1, new KeyValuePair<string, object?>("outcome", dead ? "dead" : "retry"));

    /// <summary>A tenant's webhook backlog as its grain last wrote it; null when the grain leaves this silo.</summary>
    internal void WebhooksPending(string tenant, int? count)
    {
        if (count is { } n) pendingWebhooks[tenant] = n;
        else pendingWebhooks.TryRemove(tenant, out _);
    }

    internal void ReactionDelivered(string kind) => reactions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => meter.Dispose();
}
