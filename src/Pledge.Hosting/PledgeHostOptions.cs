namespace Pledge.Hosting;

/// <summary>How a node delivers webhooks and applies retention. Bind from <c>Pledge:Host</c>.</summary>
public sealed class PledgeHostOptions
{
    /// <summary>Timeout of one webhook POST.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed webhook deliveries are retried at least this long, then parked as dead letters.</summary>
    public TimeSpan WebhookRetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>First retry delay; doubles per attempt (with jitter) up to <see cref="WebhookMaxBackoff"/>.</summary>
    public TimeSpan WebhookFirstBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan WebhookMaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Webhook POSTs in flight at once per tenant.</summary>
    public int WebhookConcurrency { get; set; } = 32;

    /// <summary>Allow webhook deliveries to loopback, link-local and private addresses (tests, single-machine setups).</summary>
    public bool AllowPrivateWebhookTargets { get; set; }

    /// <summary>How often a silo redacts message texts past their tenant's retention.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
