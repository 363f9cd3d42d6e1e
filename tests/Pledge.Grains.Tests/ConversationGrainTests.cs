using Pledge.Testing;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Pledge.Abstractions;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Hosting;
using Pledge.Service;

namespace Pledge.Grains.Tests;

[Collection(GrainClusterCollection.Name)]
public sealed class ConversationGrainTests(GrainCluster cluster)
{
    private static readonly TimeSpan TwoMinutes = TimeSpan.FromMinutes(2);

    private async Task<EntityId> OpenAsync(string tenant)
    {
        var id = new EntityId(tenant, "chat-1");
        var opened = await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(PolicyPresets.TalentChat, "talent-7", "cust-42"));
        Assert.Null(opened.Rejection);
        return id;
    }

    private Task<CommandResult<ConversationState, ConversationEvent>> MessageAsync(EntityId id, string messageId, Party from) =>
        cluster.Host.SendAsync(PledgeCatalog.Conversation, id,
            new ConversationCommand.ReceiveMessage(messageId, from, from == Party.Customer ? "cust-42" : "talent-7", "hello", null));

    private async Task<int> BreachesAsync(EntityId id) =>
        (await cluster.Host.GetAsync(PledgeCatalog.Conversation, id))!.State.Breaches().GetValueOrDefault(TwoMinutes);

    [Fact]
    public async Task A_wait_breaches_through_the_grain_clock_just_after_its_deadline_and_not_at_it()
    {
        var id = await OpenAsync("breach");
        Assert.Null((await MessageAsync(id, "m1", Party.Customer)).Rejection);

        cluster.Advance(TwoMinutes);
        // Exactly 2:00 is not slow: the deadline sits one microsecond later, so nothing may fire yet.
        var grain = cluster.Cluster.Client.GetGrain<IConversationGrain>(EntityKey.Of(id));
        Assert.Equal(0, await BreachesAsync(id));
        Assert.Contains((await grain.GetAsync())!.Deadlines, d => d.DueAt > cluster.Clock.GetUtcNow());

        cluster.Advance(TimeSpan.FromMilliseconds(1));
        await Until.ReachesAsync(() => BreachesAsync(id), n => n == 1, "the 2-minute breach");
        var history = await cluster.Host.GetHistoryAsync(PledgeCatalog.Conversation.Name, id);
        var breach = Assert.Single(history, e => e.Type == "wait_breached");
        Assert.True(breach.At >= history[1].At + TwoMinutes, $"breached at {breach.At:O}, before its deadline");
    }

    [Fact]
    public async Task A_wait_outcome_reaches_the_owner_grain_as_a_reaction()
    {
        var id = await OpenAsync("rates");
        await MessageAsync(id, "m1", Party.Customer);
        cluster.Advance(TimeSpan.FromSeconds(30));
        await MessageAsync(id, "m2", Party.Agent);

        // One outcome per tier of the policy, each delivered once even though the outbox delivers at least once.
        long tiers = PolicyPresets.TalentChat.Tiers.Length;
        var owner = await Until.ReachesAsync(() => cluster.Host.GetAsync(PledgeCatalog.Owner, new EntityId("rates", "talent-7")),
            o => o is { Version: > 0 } && o.Version >= tiers, "the owner's outcomes");
        Assert.Equal(tiers, owner!.Version);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_runs_its_command_once()
    {
        var id = await OpenAsync("idem");
        var command = new ConversationCommand.ExcuseWait("outage");
        await MessageAsync(id, "m1", Party.Customer);
        var first = await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, command, "excuse-1");
        var again = await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, command, "excuse-1");

        Assert.False(first.Duplicate);
        Assert.NotEmpty(first.Events);
        Assert.True(again.Duplicate);
        Assert.Empty(again.Events);
        Assert.Equal(first.Snapshot!.Version, again.Snapshot!.Version);
    }

    [Fact]
    public async Task History_runs_in_order_across_sealed_log_pages_and_pages_by_sequence()
    {
        var id = await OpenAsync("history");
        const int messages = 75;
        for (var i = 0; i < messages; i++)
        {
            await MessageAsync(id, $"m{i}", i % 2 == 0 ? Party.Customer : Party.Agent);
            cluster.Advance(TimeSpan.FromSeconds(1));
        }
        var version = (await cluster.Host.GetAsync(PledgeCatalog.Conversation, id))!.Version;
        Assert.True(version > 2 * Entities.EntityGrainBase.PageSize, $"only {version} events");

        var all = new List<StoredEvent>();
        for (long after = 0; ;)
        {
            var page = await cluster.Host.GetHistoryAsync(PledgeCatalog.Conversation.Name, id, after, 10);
            if (page.Count == 0) break;
            all.AddRange(page);
            after = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, (int)version).Select(n => (long)n), all.Select(e => e.Sequence));
        Assert.Equal(messages, all.Count(e => e.Type == "message_received"));
        Assert.All(all, e => Assert.Equal($"conversation:history/chat-1:{e.Sequence}", e.EventId));
    }

    [Fact]
    public async Task A_refused_command_writes_nothing()
    {
        var id = await OpenAsync("refused");
        var before = await cluster.Host.GetAsync(PledgeCatalog.Conversation, id);
        var refused = await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.ExcuseWait(" "));

        Assert.NotNull(refused.Rejection);
        Assert.Equal("reason", refused.Rejection!.Field);
        Assert.Equal(before!.Version, (await cluster.Host.GetAsync(PledgeCatalog.Conversation, id))!.Version);
    }

    [Fact]
    public async Task A_deadline_months_ahead_is_armed_and_fires_when_it_falls_due()
    {
        // Beyond the ~49 days a single Orleans timer can wait (a customer's 6-month embargo is such a deadline).
        var slow = PolicyPresets.TalentChat with { Name = "quarterly-mail", Tiers = [TimeSpan.FromDays(90)], ClaimThresholds = ImmutableSortedDictionary<TimeSpan, int>.Empty };
        var id = new EntityId("far", "mail-1");
        Assert.Null((await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(slow, "talent-7", "cust-42"))).Rejection);
        Assert.Null((await MessageAsync(id, "m1", Party.Customer)).Rejection);

        cluster.Advance(TimeSpan.FromDays(89));
        Assert.Equal(0, (await cluster.Host.GetAsync(PledgeCatalog.Conversation, id))!.State.Breaches().GetValueOrDefault(TimeSpan.FromDays(90)));
        for (var day = 0; day < 2; day++) cluster.Advance(TimeSpan.FromDays(1));
        await Until.ReachesAsync(async () => (await cluster.Host.GetAsync(PledgeCatalog.Conversation, id))!.State.Breaches().GetValueOrDefault(TimeSpan.FromDays(90)),
            n => n == 1, "the 90-day breach");
    }

    [Fact]
    public async Task A_fired_last_deadline_removes_the_reminder_at_its_tick()
    {
        var single = PolicyPresets.TalentChat with { Name = "one-tier", Tiers = [TwoMinutes], ClaimThresholds = ImmutableSortedDictionary<TimeSpan, int>.Empty };
        var id = new EntityId("unremind", "chat-1");
        Assert.Null((await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(single, "talent-7", "cust-42"))).Rejection);
        Assert.Null((await MessageAsync(id, "m1", Party.Customer)).Rejection);
        var grain = cluster.Cluster.Client.GetGrain<IConversationGrain>(EntityKey.Of(id)).GetGrainId();
        var reminders = Assert.IsType<InProcessSiloHandle>(cluster.Cluster.Primary).SiloHost.Services.GetRequiredService<IReminderTable>();
        Assert.NotNull(await reminders.ReadRow(grain, Entities.EntityGrainBase.ReminderName));

        cluster.Advance(TwoMinutes + TimeSpan.FromMilliseconds(1));
        await Until.ReachesAsync(() => BreachesAsync(id), n => n == 1, "the 2-minute breach");
        // The tick comes on the next whole second and the grain removes the reminder within the second after it; the
        // clock moves on in small steps so that the timers each step arms find it still moving.
        var removedBy = cluster.Clock.GetUtcNow() + TimeSpan.FromSeconds(3);
        await Until.ReachesAsync(async () =>
        {
            var row = await reminders.ReadRow(grain, Entities.EntityGrainBase.ReminderName);
            if (row is not null && cluster.Clock.GetUtcNow() < removedBy) cluster.Advance(TimeSpan.FromMilliseconds(100));
            return row;
        }, r => r is null, "the reminder's removal");
    }
}
