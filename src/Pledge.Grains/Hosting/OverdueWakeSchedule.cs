using System.Collections.Immutable;
using System.Threading.Channels;
using Orleans.Runtime;

namespace Pledge.Grains.Hosting;

/// <summary>
/// When <see cref="OverdueDeadlines"/> wakes overdue entities: as the silo starts; at once whenever the cluster
/// declares a silo dead; and then every half minute until the reminder service's next refresh after the latest death.
/// The reminder service takes a dead silo's reminders over with one read; if that read fails it holds none of them
/// until its next refresh, and deadlines falling due meanwhile on entities the dead silo held would wait for it.
/// A later death is woken for at once, even while an earlier one's follow-ups run, and extends them.
/// </summary>
public sealed class OverdueWakeSchedule(Func<string, CancellationToken, Task> wakeAsync, TimeSpan refreshPeriod, TimeProvider clock)
{
    public static readonly TimeSpan FollowUpInterval = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    // One wake at a time: each reads every due reminder, and two would double the connections they hold.
    private readonly SemaphoreSlim waking = new(1, 1);
    // A follow-up that falls due while a wake runs merges into the next one.
    private readonly Channel<bool> followUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ITimer? followUpTimer;
    private DateTimeOffset followUpUntil;
    private string lastDeath = "";

    public async Task RunAsync(IAsyncEnumerable<ClusterMembershipSnapshot> membershipUpdates, CancellationToken cancellationToken)
    {
        var followingUp = FollowUpAsync(cancellationToken);
        try
        {
            await WatchAsync(membershipUpdates, cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                followUpTimer?.Dispose();
                followUpTimer = null;
            }
            followUps.Writer.TryComplete();
            await followingUp.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task WatchAsync(IAsyncEnumerable<ClusterMembershipSnapshot> membershipUpdates, CancellationToken cancellationToken)
    {
        var dead = ImmutableHashSet<SiloAddress>.Empty;
        var first = true;
        await foreach (var snapshot in membershipUpdates.WithCancellation(cancellationToken))
        {
            var nowDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToImmutableHashSet();
            var newlyDead = nowDead.Except(dead);
            dead = nowDead;
            // The first snapshot lists every silo that ever died in this cluster: it is this silo's start.
            if (first)
            {
                first = false;
                await WakeAsync("silo start", cancellationToken);
                continue;
            }
            if (newlyDead.IsEmpty) continue;
            var reason = $"silo {string.Join(", ", newlyDead)} dead";
            // Armed before the wake, and extended after it: a wake retried through a database outage still gets its
            // follow-ups for a whole refresh period after it got through.
            FollowUpUntil(clock.GetUtcNow() + refreshPeriod, reason);
            await WakeAsync(reason, cancellationToken);
            FollowUpUntil(clock.GetUtcNow() + refreshPeriod, reason);
        }
    }

    private async Task FollowUpAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in followUps.Reader.ReadAllAsync(cancellationToken))
        {
            string reason;
            lock (gate) reason = lastDeath;
            await WakeAsync($"{reason}, follow-up", cancellationToken);
        }
    }

    private async Task WakeAsync(string reason, CancellationToken cancellationToken)
    {
        await waking.WaitAsync(cancellationToken);
        try
        {
            await wakeAsync(reason, cancellationToken);
        }
        finally
        {
            waking.Release();
        }
    }

    private void FollowUpUntil(DateTimeOffset until, string reason)
    {
        lock (gate)
        {
            followUpUntil = until;
            lastDeath = reason;
            followUpTimer ??= clock.CreateTimer(_ => FollowUpDue(), null, FollowUpInterval, FollowUpInterval);
        }
    }

    private void FollowUpDue()
    {
        lock (gate)
        {
            if (followUpTimer is null) return;
            if (clock.GetUtcNow() > followUpUntil)
            {
                followUpTimer.Dispose();
                followUpTimer = null;
                return;
            }
        }
        followUps.Writer.TryWrite(true);
    }
}
