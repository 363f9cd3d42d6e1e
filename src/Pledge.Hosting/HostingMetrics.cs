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

    public HostingMetrics(IMeterFactory? factory = null)
    {
        meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        commands = meter.CreateCounter<long>("pledge.commands", "{command}", "Commands run by the entity host, by kind and outcome.");
        deadlinesFired = meter.CreateCounter<long>("pledge.deadlines.fired", "{deadline}", "Deadlines fired, by kind and outcome (fired, stale, rejected).");
        deadlineLateness = meter.CreateHistogram<double>("pledge.deadlines.lateness", "ms", "How long after its due time a deadline was committed.");
        webhookDeliveries = meter.CreateCounter<long>("pledge.webhooks.deliveries", "{delivery}", "Webhook deliveries acknowledged by the receiver.");
        webhookFailures = meter.CreateCounter<long>("pledge.webhooks.failures", "{delivery}", "Webhook delivery attempts that failed, by outcome (retry, dead).");
        reactions = meter.CreateCounter<long>("pledge.reactions.delivered", "{reaction}", "Reactions delivered to their target entity.");
    }

    internal void Command(string kind, string outcome) =>
        commands.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    internal void DeadlineFired(string kind, string outcome, TimeSpan lateness)
    {
        deadlinesFired.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "fired")
            deadlineLateness.Record(lateness.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind));
    }

    internal void WebhookDelivered() => webhookDeliveries.Add(1);

    internal void WebhookFailed(bool dead) => webhookFailures.Add(1, new KeyValuePair<string, object?>("outcome", dead ? "dead" : "retry"));

    internal void ReactionDelivered(string kind) => reactions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => meter.Dispose();
}
