using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pledge.Hosting.Internal;

namespace Pledge.Hosting.Deadlines;

/// <summary>
/// Fires stored deadlines at their due time. The store is the durable truth: deadlines due within
/// <see cref="PledgeHostOptions.DeadlineLookahead"/> are claimed with a lease and then fired by an in-memory timer
/// on the injected <see cref="TimeProvider"/>; overdue ones fire at once. Stopping releases the leases; a node that
/// dies keeps them until they end, then another node takes its deadlines over.
/// </summary>
public sealed class DeadlineScheduler : BackgroundService
{
    private readonly IDeadlineStore store;
    private readonly TimeProvider clock;
    private readonly PledgeHostOptions options;
    private readonly ILogger logger;
    private readonly HostingMetrics metrics;
    private readonly ConcurrentDictionary<DueDeadline, ITimer> armed = new();
    private readonly HashSet<Task> inFlight = [];
    private readonly SemaphoreSlim firing;
    private volatile bool stopped;

    public DeadlineScheduler(IDeadlineStore store, TimeProvider clock, IOptions<PledgeHostOptions> options, ILogger<DeadlineScheduler> logger, HostingMetrics metrics)
    {
        this.store = store;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
        this.metrics = metrics;
        firing = new SemaphoreSlim(this.options.MaxConcurrentFirings);
    }

    public string NodeId => options.NodeId;

    /// <summary>Raised after each firing attempt that reached the store (tests and diagnostics).</summary>
    public event Action<DueDeadline, FireOutcome>? Fired;

    /// <summary>How many claimed deadlines wait on a timer.</summary>
    public int ArmedCount => armed.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunScheduler) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = store.Changed;
            var again = false;
            try
            {
                // Firing overdue deadlines takes time: those that fell due meanwhile are claimed at once, not a poll later.
                var (claimed, firedOverdue) = await PassAsync(stoppingToken).ConfigureAwait(false);
                again = claimed >= options.MaxClaimedDeadlines || firedOverdue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Claiming due deadlines failed; retrying after {Interval}.", options.PollInterval);
            }
            if (again) continue;
            try
            {
                await ChangeSignal.WaitAsync(wake, options.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// One pass: claims the deadlines due within the lookahead, arms timers for those not yet due, fires those due
    /// and waits for them. Returns how many it claimed.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default) =>
        (await PassAsync(cancellationToken).ConfigureAwait(false)).Claimed;

    private async Task<(int Claimed, bool FiredOverdue)> PassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A timer is set for the wait measured when it was armed; a clock that moved on in between (a paused process,
        // a test clock) makes it late. Each pass fires what is overdue, so no claimed deadline waits past a pass.
        foreach (var d in armed.Keys)
            if (d.Deadline.DueAt <= now)
                OnTimer(d);
        var room = options.MaxClaimedDeadlines - armed.Count - InFlightCount;
        if (room <= 0 || stopped) return (0, false);
        var claimed = await store.ClaimAsync(NodeId, now + options.DeadlineLookahead, now, now + options.LeaseDuration, room, cancellationToken).ConfigureAwait(false);
        var due = new List<Task>();
        foreach (var d in claimed)
        {
            if (d.Deadline.DueAt <= clock.GetUtcNow() && !armed.ContainsKey(d))
                due.Add(FireTracked(d));
            else
                Arm(d);
        }
        await Task.WhenAll(due).ConfigureAwait(false);
        return (claimed.Count, due.Count > 0);
    }

    /// <summary>Completes when no firing started by a timer or a pass is still running.</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] running;
            lock (inFlight) running = [.. inFlight];
            if (running.Length == 0) return;
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        stopped = true;
        DisarmAll();
        try
        {
            await WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await LeaseRelease.RunAsync(ct => store.ReleaseAsync(NodeId, ct), logger, "deadline leases").ConfigureAwait(false);
        }
    }

    /// <summary>Drops timers without releasing leases — what a crash leaves behind; other nodes take over when the leases end.</summary>
    public override void Dispose()
    {
        stopped = true;
        DisarmAll();
        base.Dispose();
    }

    /// <summary>How many firings are running.</summary>
    public int InFlightCount
    {
        get { lock (inFlight) return inFlight.Count; }
    }

    // Arming a deadline that is armed already (claimed again after its lease ended) sets its timer anew.
    private void Arm(DueDeadline d)
    {
        if (!armed.TryGetValue(d, out var timer))
        {
            var created = clock.CreateTimer(_ => OnTimer(d), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (armed.TryAdd(d, created))
            {
                timer = created;
            }
            else
            {
                created.Dispose();
                if (!armed.TryGetValue(d, out timer)) return;
            }
        }
        // A timer counts a span from when it is set: the span is measured from the due time at this moment, as a clock
        // that moved on since the deadline was claimed would make it late.
        var wait = d.Deadline.DueAt - clock.GetUtcNow();
        if (wait > TimeSpan.Zero && Set(timer, wait))
            return;
        OnTimer(d);
    }

    // A timer disposed by a concurrent firing cannot be set: that firing has the deadline in hand.
    private static bool Set(ITimer timer, TimeSpan wait)
    {
        try
        {
            return timer.Change(wait, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private void OnTimer(DueDeadline d)
    {
        if (stopped || !armed.TryGetValue(d, out var timer)) return;
        // System timers may wake a little before their period ends; firing then would hand the decider a "now"
        // before the deadline, so the rest of the wait is slept again.
        var remaining = d.Deadline.DueAt - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero && Set(timer, remaining))
            return;
        if (!armed.TryRemove(d, out _)) return;
        timer.Dispose();
        _ = FireTracked(d);
    }

    private void DisarmAll()
    {
        foreach (var d in armed.Keys)
            if (armed.TryRemove(d, out var timer))
                timer.Dispose();
    }

    private Task FireTracked(DueDeadline d)
    {
        var task = FireAsync(d);
        lock (inFlight) inFlight.Add(task);
        task.ContinueWith(t => { lock (inFlight) inFlight.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task FireAsync(DueDeadline d)
    {
        await firing.WaitAsync().ConfigureAwait(false);
        try
        {
            var outcome = await store.FireAsync(d).ConfigureAwait(false);
            var lateness = clock.GetUtcNow() - d.Deadline.DueAt;
            metrics.DeadlineFired(d.Kind, outcome.ToString().ToLowerInvariant(), lateness);
            if (outcome == FireOutcome.Rejected)
                logger.LogWarning("The {Kind} decider refused the command of deadline {Name} of {Id}; the deadline was dropped.", d.Kind, d.Deadline.Name, d.Id);
            Fired?.Invoke(d, outcome);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Firing deadline {Name} of {Kind} {Id} failed; it is retried when its lease ends.", d.Deadline.Name, d.Kind, d.Id);
        }
        finally
        {
            firing.Release();
        }
    }
}
