using System.Collections.Immutable;
using System.Net;
using System.Threading.Channels;
using Orleans.Runtime;
using Pledge.Grains.Hosting;
using Pledge.Testing;

namespace Pledge.Grains.Tests;

/// <summary>When overdue deadlines are woken as silos start and die, on a clock that moves only when the test moves it.</summary>
public sealed class OverdueWakeScheduleTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    private static readonly SiloAddress A = SiloAddress.New(IPAddress.Loopback, 11111, 1);
    private static readonly SiloAddress B = SiloAddress.New(IPAddress.Loopback, 11112, 1);
    private static readonly SiloAddress C = SiloAddress.New(IPAddress.Loopback, 11113, 1);

    private readonly ManualClock clock = new();
    private readonly Channel<ClusterMembershipSnapshot> membership = Channel.CreateUnbounded<ClusterMembershipSnapshot>();
    private readonly Channel<string> woken = Channel.CreateUnbounded<string>();
    private long version;

    private void Publish(params (SiloAddress Silo, SiloStatus Status)[] members) =>
        membership.Writer.TryWrite(new ClusterMembershipSnapshot(
            members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
            new MembershipVersion(++version)));

    // A bound on a wait for something the schedule does without the clock moving, not a sleep.
    private Task<string> NextWakeAsync() => woken.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private Task RunAsync(CancellationToken cancellationToken) =>
        new OverdueWakeSchedule((reason, _) =>
        {
            woken.Writer.TryWrite(reason);
            return Task.CompletedTask;
        }, Refresh, clock).RunAsync(membership.Reader.ReadAllAsync(cancellationToken), cancellationToken);

    [Fact]
    public async Task A_start_wakes_once_and_a_start_alone_has_no_follow_ups()
    {
        using var stop = new CancellationTokenSource();
        var running = RunAsync(stop.Token);

        // A silo that died before this one started is history, not a death to follow up.
        Publish((A, SiloStatus.Dead), (B, SiloStatus.Active));

        Assert.Equal("silo start", await NextWakeAsync());
        Assert.Empty(clock.PendingTimers);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_second_death_during_the_first_ones_follow_ups_is_woken_for_at_once_and_extends_them()
    {
        using var stop = new CancellationTokenSource();
        var running = RunAsync(stop.Token);
        Publish((A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Active));
        Assert.Equal("silo start", await NextWakeAsync());

        Publish((A, SiloStatus.Dead), (B, SiloStatus.Active), (C, SiloStatus.Active));
        Assert.Equal($"silo {A} dead", await NextWakeAsync());
        clock.Advance(OverdueWakeSchedule.FollowUpInterval);
        Assert.Equal($"silo {A} dead, follow-up", await NextWakeAsync());

        // B dies half a minute into A's follow-ups: its wake comes with the clock standing still.
        var bDied = clock.GetUtcNow();
        Publish((A, SiloStatus.Dead), (B, SiloStatus.Dead), (C, SiloStatus.Active));
        Assert.Equal($"silo {B} dead", await NextWakeAsync());

        // Follow-ups go on every half minute until a refresh period after B's death, past the end of A's.
        var followUps = 0;
        while (clock.GetUtcNow() < bDied + Refresh)
        {
            clock.Advance(OverdueWakeSchedule.FollowUpInterval);
            Assert.Equal($"silo {B} dead, follow-up", await NextWakeAsync());
            followUps++;
        }
        Assert.Equal((int)(Refresh / OverdueWakeSchedule.FollowUpInterval), followUps);

        // Then they stop: the next tick retires the timer and wakes nothing.
        clock.Advance(OverdueWakeSchedule.FollowUpInterval);
        Assert.Empty(clock.PendingTimers);
        Assert.False(woken.Reader.TryRead(out var extra), $"a wake after the follow-ups ended: {extra}");

        // A death after that starts follow-ups again.
        Publish((A, SiloStatus.Dead), (B, SiloStatus.Dead), (C, SiloStatus.Dead));
        Assert.Equal($"silo {C} dead", await NextWakeAsync());
        clock.Advance(OverdueWakeSchedule.FollowUpInterval);
        Assert.Equal($"silo {C} dead, follow-up", await NextWakeAsync());

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
