using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pledge.Domain.Kernel;
using Pledge.Hosting.Internal;

namespace Pledge.Hosting.Reactions;

/// <summary>
/// Delivers reactions from the outbox to their target entities, at least once: each is sent with its source event
/// and target as idempotency key, so a redelivery after a crash changes nothing.
/// </summary>
public sealed class ReactionDispatcher(
    IReactionStore store,
    IEntityHost host,
    EntityCatalog catalog,
    TimeProvider clock,
    IOptions<PledgeHostOptions> options,
    ILogger<ReactionDispatcher> logger,
    HostingMetrics metrics) : BackgroundService
{
    private const int BatchSize = 256;
    private readonly PledgeHostOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.RunReactionDispatcher) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = store.Changed;
            var full = false;
            try
            {
                full = await RunOnceAsync(stoppingToken).ConfigureAwait(false) >= BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Claiming reactions failed; retrying after {Interval}.", settings.PollInterval);
            }
            if (full) continue;
            try
            {
                await ChangeSignal.WaitAsync(wake, settings.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass: claims pending reactions and delivers them; returns how many it claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var claimed = await store.ClaimReactionsAsync(settings.NodeId, now, now + settings.LeaseDuration, BatchSize, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentFirings, CancellationToken = cancellationToken },
            async (r, ct) => await DeliverAsync(r, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return claimed.Count;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await LeaseRelease.RunAsync(ct => store.ReleaseReactionsAsync(settings.NodeId, ct), logger, "reaction claims").ConfigureAwait(false);
    }

    private async Task DeliverAsync(PendingReaction r, CancellationToken cancellationToken)
    {
        try
        {
            var kind = catalog.Get(r.TargetKind);
            var command = kind.DeserializeCommand(r.CommandJson);
            var rejection = await kind.Accept(new SendVisitor(host, new EntityId(r.Tenant, r.TargetKey), command, r.IdempotencyKey, cancellationToken)).ConfigureAwait(false);
            if (rejection is not null)
                logger.LogInformation("Reaction {Key} was refused by {Kind} {Target}: {Code}.", r.IdempotencyKey, r.TargetKind, r.TargetKey, rejection.Code);
            await store.CompleteReactionAsync(r.Id, cancellationToken).ConfigureAwait(false);
            metrics.ReactionDelivered(r.TargetKind);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(r.Attempts, 10))));
            logger.LogWarning(e, "Delivering reaction {Key} failed (attempt {Attempt}); retrying in {Wait}.", r.IdempotencyKey, r.Attempts + 1, wait);
            await store.RetryReactionAsync(r.Id, clock.GetUtcNow() + wait, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class SendVisitor(IEntityHost host, EntityId id, object command, string idempotencyKey, CancellationToken cancellationToken)
        : IEntityKindVisitor<Task<Rejection?>>
    {
        public async Task<Rejection?> Visit<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind)
            where TState : class =>
            (await host.SendAsync(kind, id, (TCommand)command, idempotencyKey, cancellationToken).ConfigureAwait(false)).Rejection;
    }
}
