using Npgsql;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Hosting;
using Pledge.Service;
using Xunit.Abstractions;

namespace Pledge.Grains.Tests;

[Collection(DurableGrainCluster.Collection)]
public sealed class OverdueDeadlineTests(DurableGrainCluster cluster, ITestOutputHelper output) : IClassFixture<DurableGrainCluster>
{
    private const int Conversations = 20;
    private const string Customer = "overdue-cust";

    [Fact(Timeout = 120_000)]
    public async Task A_silo_starting_after_deadlines_fell_due_fires_them_at_once_not_at_the_next_reminder_period()
    {
        for (var n = 0; n < Conversations; n++)
        {
            var id = new EntityId("overdue", $"chat-{n}");
            await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(PolicyPresets.TalentChat, "talent", Customer));
            await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.ReceiveMessage("m1", Party.Customer, Customer, "anyone?", null));
        }

        // Every silo stops while the waits are open, and they fall due while none runs. The clock then stands still:
        // Orleans fires a reminder that fell due while no silo held it only a period later, so only the wake-up of
        // the silo that starts next can fire them.
        await cluster.Cluster.StopAllSilosAsync();
        Assert.Equal(0, await BreachedInStorageAsync());
        cluster.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(2));
        await cluster.Cluster.StartAdditionalSiloAsync();

        var give = DateTime.UtcNow.AddSeconds(60);
        long breached;
        // Read from storage, not through the grains: asking a grain for its state would activate it and fire it.
        while ((breached = await BreachedInStorageAsync()) < Conversations && DateTime.UtcNow < give)
            await Task.Delay(100);
        Assert.Equal(Conversations, breached);
        output.WriteLine($"all {Conversations} overdue deadlines fired after the restart with the clock standing still");
    }

    private async Task<long> BreachedInStorageAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT count(*) FROM (SELECT convert_from(payloadbinary, 'UTF8') AS p FROM orleansstorage WHERE payloadbinary IS NOT NULL) s
            WHERE strpos(p, '"wait_breached"') > 0 AND strpos(p, $1) > 0 AND strpos(p, '"Tail"') > 0
            """, connection);
        count.Parameters.Add(new() { Value = Customer });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
