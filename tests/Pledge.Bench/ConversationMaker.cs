using System.Diagnostics;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Policies;
using Pledge.Hosting;
using Pledge.Service;

namespace Pledge.Bench;

/// <summary>
/// Makes conversations with an open wait through the product itself — two commands each through
/// <see cref="IEntityHost"/> (open, then one customer message at a chosen time), on whatever silo the host reaches —
/// so that what is stored (grain state, log tail, reminder, index line) is exactly what a client would have left.
/// </summary>
internal static class ConversationMaker
{
    public static string Key(string prefix, int i) => prefix + i.ToString("D7");

    /// <summary>Opens conversations <c>{prefix}{from}</c>… (<paramref name="count"/> of them); returns how long it took.</summary>
    public static async Task<TimeSpan> OpenAsync(IEntityHost host, string tenant, string prefix, int from, int count, ConversationPolicy policy, int concurrency)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            Check(await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, Key(prefix, i)), new ConversationCommand.Open(policy, null, null), null, ct)));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Sends each conversation one customer message at <paramref name="at"/>(i), which opens its wait; returns how long it took.</summary>
    public static async Task<TimeSpan> WaitAsync(
        IEntityHost host, string tenant, string prefix, int from, int count, Func<int, DateTimeOffset> at, int concurrency, Action<int>? sent = null)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var message = new ConversationCommand.ReceiveMessage("m1", Party.Customer, "customer", "Hello, my order has not arrived yet. Can you help?", at(i));
            Check(await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, Key(prefix, i)), message, "message:m1", ct));
            sent?.Invoke(i);
        });
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The conversation's breaches so far (0 when it has none, or is not stored).</summary>
    public static async Task<int> BreachesAsync(IEntityHost host, string tenant, string key)
    {
        var snapshot = await host.GetAsync(PledgeCatalog.Conversation, new EntityId(tenant, key));
        return snapshot is null ? 0 : snapshot.State.Breaches().Values.Sum();
    }

    private static void Check(CommandResult<ConversationState, ConversationEvent> result)
    {
        if (result.Rejection is { } rejection)
            throw new InvalidOperationException($"The host refused a setup command: {rejection.Code}: {rejection.Message}");
    }
}
