using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>What step 7 measured: how late deadlines fired when one of two silos was killed while they fell due.</summary>
internal sealed record FailoverResult(int Expected, int Fired, Percentiles Lateness, int Early)
{
    public bool Complete => Fired == Expected;
}

/// <summary>
/// Step 7: two silo processes of one durable cluster; conversations made through an Orleans client here, their
/// deadlines due evenly over the span; a third of the way in, one silo is killed with SIGKILL (no goodbye: the
/// survivor must find out through membership, then take over its reminders and its entities). Lateness of each
/// deadline is read back from the conversation's own log: the commit time of its <c>wait_breached</c> event minus
/// its due time. The step waits (reading only the grain-storage table, which activates nothing) until every
/// conversation has been written after its messages.
/// </summary>
internal static class FailoverBench
{
    private const string Tenant = "failover";

    public static async Task<FailoverResult> RunAsync(PostgresServer server, BenchSettings settings)
    {
        var cluster = DurableCluster.In(await server.CreateDatabaseAsync("bench_failover"), "failover");
        await cluster.MigrateAsync();
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var survivor = await SiloNode.StartAsync(cluster, TimeSpan.FromSeconds(120), "silo A");
        await using var victim = await SiloNode.StartAsync(cluster, TimeSpan.FromSeconds(120), "silo B");
        Report.Line($"silo A pid {survivor.ProcessId} ready after {survivor.ReadyAfter.TotalSeconds:0.0} s, silo B pid {victim.ProcessId} after {victim.ReadyAfter.TotalSeconds:0.0} s");
        await using var client = await InProcessNode.StartClientAsync(cluster);

        var count = settings.FailoverDeadlines;
        var span = settings.FailoverSpan;
        var step = span.Ticks / count;
        var openTime = await ConversationMaker.OpenAsync(client.Entities, Tenant, "f-", 0, count, DeadlineBench.Policy, settings.Concurrency);
        var first = ConversationDecider.ToMicroseconds(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Max(3, openTime.TotalSeconds * 2.5 + 3)));
        DateTimeOffset DueAt(int i) => ConversationDecider.ToMicroseconds(first.AddTicks(step * i));
        var tier = DeadlineBench.Policy.Tiers[0];
        await ConversationMaker.WaitAsync(client.Entities, Tenant, "f-", 0, count, i => DueAt(i) - tier - ConversationPolicyPrecision, settings.Concurrency);
        var messagesDone = DateTime.UtcNow;
        var last = DueAt(count - 1);
        Report.Line($"{count:N0} conversations made through the client; first deadline due in {(first - DateTimeOffset.UtcNow).TotalSeconds:0.0} s, the last {span.TotalSeconds:0} s after it");

        var killAt = first + span / 3;
        if (killAt > DateTimeOffset.UtcNow) await Task.Delay(killAt - DateTimeOffset.UtcNow);
        await victim.KillAsync();
        var killed = DateTimeOffset.UtcNow;
        var dueBefore = Enumerable.Range(0, count).Count(i => DueAt(i) <= killed);
        Report.Line($"silo B killed (SIGKILL) {(killed - first).TotalSeconds:0.0} s into the span, {dueBefore:N0} deadlines were due by then");

        var giveUp = last + TimeSpan.FromSeconds(settings.Quick ? 150 : 240);
        long written;
        while ((written = await GrainStorage.WrittenSinceAsync(dataSource, messagesDone)) < count && DateTimeOffset.UtcNow < giveUp)
        {
            if (survivor.HasExited)
                throw new InvalidOperationException($"silo A exited too; its last lines:{Environment.NewLine}{survivor.Tail()}");
            await Task.Delay(250);
        }
        Report.Line($"{written:N0} of {count:N0} conversations written after their messages, {(DateTimeOffset.UtcNow - last).TotalSeconds:0.0} s after the last due time");

        var lateness = new ConcurrentQueue<double>();
        var kind = PledgeCatalog.Conversation;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (i, _) =>
        {
            var history = await ReadHistoryAsync(client.Entities, ConversationMaker.Key("f-", i));
            foreach (var e in history)
                if (JsonSerializer.Deserialize(e.Json, kind.EventJson) is ConversationEvent.WaitBreached)
                    lateness.Enqueue((e.At - DueAt(i)).TotalMilliseconds);
        });
        var result = new FailoverResult(count, lateness.Count, new Percentiles(lateness), lateness.Count(l => l < 0));
        var late = lateness.Count(l => l > 1_000);
        Report.Line($"{result.Fired:N0} of {count:N0} deadlines fired; lateness {result.Lateness.Describe()}; {late:N0} more than 1 s late; " +
            $"{result.Early:N0} committed before their due time; max {result.Lateness.Max / 1000:0.0} s");
        return result;
    }

    private static readonly TimeSpan ConversationPolicyPrecision = Pledge.Domain.Policies.ConversationPolicy.Precision;

    /// <summary>The conversation's log; retried a few times, since the client may still be learning that a gateway died.</summary>
    private static async Task<IReadOnlyList<StoredEvent>> ReadHistoryAsync(IEntityHost host, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await host.GetHistoryAsync(ConversationKind.Name, new EntityId(Tenant, key));
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
