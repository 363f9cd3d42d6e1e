using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.Reactions;
using Pledge.Hosting.Tests.Toys;
using Pledge.Hosting.Webhooks;
using Pledge.Testing;

namespace Pledge.Hosting.Tests.Contract;

/// <summary>A host built through its DI registration, with a manual clock and the toy counter kind.</summary>
public sealed class HostRig(ServiceProvider services, ManualClock clock, EntityKind<CounterCommand, CounterEvent, CounterState> kind) : IAsyncDisposable
{
    public ServiceProvider Services { get; } = services;

    public ManualClock Clock { get; } = clock;

    public EntityKind<CounterCommand, CounterEvent, CounterState> Kind { get; } = kind;

    /// <summary>A tenant of its own per rig, so tests sharing a database never see each other's rows.</summary>
    public string Tenant { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    public IEntityHost Host => Services.GetRequiredService<IEntityHost>();

    public IDeadlineStore Deadlines => Services.GetRequiredService<IDeadlineStore>();

    public IReactionStore Reactions => Services.GetRequiredService<IReactionStore>();

    public IWebhookStore Webhooks => Services.GetRequiredService<IWebhookStore>();

    public PledgeHostOptions Options => Services.GetRequiredService<IOptions<PledgeHostOptions>>().Value;

    public EntityId Id(string key) => new(Tenant, key);

    public Task<CommandResult<CounterState, CounterEvent>> SendAsync(string key, CounterCommand command, string? idempotencyKey = null) =>
        Host.SendAsync(Kind, Id(key), command, idempotencyKey);

    public Task<EntitySnapshot<CounterState>?> GetAsync(string key) => Host.GetAsync(Kind, Id(key));

    /// <summary>A scheduler for another node on the same store (two of them model a cluster).</summary>
    public DeadlineScheduler Scheduler(string node, TimeProvider? clock = null)
    {
        var o = Options;
        var options = new PledgeHostOptions
        {
            NodeId = node,
            LeaseDuration = o.LeaseDuration,
            DeadlineLookahead = o.DeadlineLookahead,
            PollInterval = o.PollInterval,
            MaxClaimedDeadlines = o.MaxClaimedDeadlines,
            MaxConcurrentFirings = o.MaxConcurrentFirings,
        };
        return new DeadlineScheduler(Deadlines, clock ?? Clock, Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<DeadlineScheduler>.Instance, Services.GetRequiredService<HostingMetrics>());
    }

    public ReactionDispatcher ReactionDispatcher => Services.GetRequiredService<ReactionDispatcher>();

    public WebhookDispatcher WebhookDispatcher => Services.GetRequiredService<WebhookDispatcher>();

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
