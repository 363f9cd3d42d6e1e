using System.Collections.Concurrent;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Hosting;
using Pledge.Service;
using Xunit.Abstractions;

namespace Pledge.Grains.Tests;

[Collection(DurableGrainCluster.Collection)]
public sealed class SiloLossTests(DurableGrainCluster cluster, ITestOutputHelper output) : IClassFixture<DurableGrainCluster>
{
    private const int Conversations = 60;

    [Fact(Timeout = 180_000)]
    public async Task A_silo_killed_mid_load_loses_no_acknowledged_message_and_every_deadline_still_fires()
    {
        var acknowledged = new ConcurrentBag<string>();
        var retried = 0;
        var killAfter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var load = Task.Run(async () => await Parallel.ForEachAsync(Enumerable.Range(0, Conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
        {
            var id = new EntityId("loss", $"chat-{n}");
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(PolicyPresets.TalentChat, "talent", "cust"));
                    var sent = await cluster.Host.SendAsync(PledgeCatalog.Conversation, id,
                        new ConversationCommand.ReceiveMessage("m1", Party.Customer, "cust", "anyone?", null));
                    Assert.Null(sent.Rejection);
                    acknowledged.Add(id.Key);
                    if (acknowledged.Count == Conversations / 3) killAfter.TrySetResult();
                    return;
                }
                catch (Exception) when (attempt < 20)
                {
                    // The call died with its silo: nothing was acknowledged, so the platform retries (message ids de-duplicate).
                    Interlocked.Increment(ref retried);
                    await Task.Delay(200);
                }
            }
        }));
        await killAfter.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.SecondarySilos[0]);
        await load.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(Conversations, acknowledged.Count);

        foreach (var key in acknowledged)
        {
            var state = (await cluster.Host.GetAsync(PledgeCatalog.Conversation, new EntityId("loss", key)))!.State;
            Assert.Single(state.Waits);
        }

        // Every wait is due 2 minutes (and a microsecond) after its message; the fake clock moves a reminder period at
        // a time while the survivor takes over the dead silo's reminders.
        var due = cluster.Clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        cluster.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(1));
        var give = DateTime.UtcNow.AddSeconds(90);
        var nextStep = DateTime.UtcNow.AddSeconds(2);
        var steps = 0;
        while (true)
        {
            var breached = 0;
            foreach (var key in acknowledged)
                breached += (await cluster.Host.GetAsync(PledgeCatalog.Conversation, new EntityId("loss", key)))!.State.Breaches().GetValueOrDefault(TimeSpan.FromMinutes(2));
            if (breached == Conversations) break;
            Assert.True(breached <= Conversations, $"{breached} breaches for {Conversations} waits: one fired twice");
            Assert.True(DateTime.UtcNow < give, $"only {breached} of {Conversations} deadlines fired after {steps} reminder periods");
            if (DateTime.UtcNow > nextStep)
            {
                cluster.Clock.Advance(TimeSpan.FromMinutes(1));
                steps++;
                nextStep = DateTime.UtcNow.AddSeconds(2);
            }
            await Task.Delay(50);
        }
        output.WriteLine($"all {Conversations} deadlines fired; {retried} calls retried after the kill; the clock moved {steps} reminder periods past the due time ({due:O})");
    }
}
