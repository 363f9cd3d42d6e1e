namespace Pledge.Hosting;

/// <summary>How an entity host and its background services run on this node. Bind from <c>Pledge:Host</c>.</summary>
public sealed class PledgeHostOptions
{
    /// <summary>This node's name in lease columns; unique per process.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Apply <c>deploy/sql</c> migrations at start (PostgreSQL).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Run the deadline scheduler on this node.</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>Run the reaction dispatcher (cross-entity commands from the outbox) on this node.</summary>
    public bool RunReactionDispatcher { get; set; } = true;

    /// <summary>Run the webhook dispatcher on this node.</summary>
    public bool RunWebhookDispatcher { get; set; } = true;

    /// <summary>How long a claim on a deadline, reaction or webhook delivery lasts before other nodes may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadlines due within this window are claimed early and fired by an in-memory timer.</summary>
    public TimeSpan DeadlineLookahead { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often background services look at the tables when nothing woke them.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most deadlines one scheduler holds claimed at a time.</summary>
    public int MaxClaimedDeadlines { get; set; } = 5000;

    /// <summary>Most deadline firings (or reaction deliveries) running at once on this node.</summary>
    public int MaxConcurrentFirings { get; set; } = 128;

    /// <summary>Group the writes of concurrent commands for different entities into shared transactions (PostgreSQL).</summary>
    public bool BatchCommits { get; set; } = true;

    /// <summary>Most commands in one group commit.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Group commits in flight at once (each on its own connection).</summary>
    public int BatchWriters { get; set; } = 4;

    /// <summary>How long a writer waits for more commands when its batch is not full; zero relies on natural grouping.</summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Timeout of one webhook POST.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed webhook deliveries are retried at least this long, then parked as dead letters.</summary>
    public TimeSpan WebhookRetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>First retry delay; doubles per attempt (with jitter) up to <see cref="WebhookMaxBackoff"/>.</summary>
    public TimeSpan WebhookFirstBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan WebhookMaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often this node redacts message texts past their tenant's retention (it runs where the scheduler runs).</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Webhook POSTs in flight at once on this node.</summary>
    public int WebhookConcurrency { get; set; } = 32;

    /// <summary>Allow webhook deliveries to loopback, link-local and private addresses (tests, single-machine setups).</summary>
    public bool AllowPrivateWebhookTargets { get; set; }
}
