using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Grains.Hosting;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;

namespace Pledge.Grains.Tests;

/// <summary>
/// The fixtures' wait for the reminder services, against the failure CI met: a silo whose first load of the
/// reminder table fails, on a fake clock that nobody moves.
/// </summary>
public sealed class ReminderServicesStartedTests
{
    // The silo is built from a configurator type; this class's tests are its only users.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private static int rangeReads;
    private static int failedLoads;

    [Fact(Timeout = 120_000)]
    public async Task A_silo_whose_first_reminder_load_failed_is_started_by_moving_the_fake_clock_and_then_arms_deadlines()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<FirstLoadFails>();
        await using var cluster = builder.Build();
        var before = Clock.GetUtcNow();
        await cluster.DeployWithRemindersAsync(Clock.Advance);

        Assert.Equal(1, failedLoads);
        Assert.True(Clock.GetUtcNow() > before, "the wait never had to move the clock: the failure was not met");
        // Opening a wait arms its deadline as a reminder; a reminder service still booting refuses that after 20 s.
        var host = new GrainEntityHost(cluster.Client, new InMemoryEntityIndex());
        var id = new EntityId("reminders", "chat-1");
        await host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(PolicyPresets.TalentChat, "talent", "customer"));
        var opened = await host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.ReceiveMessage("m1", Party.Customer, "customer", "anyone?", null));
        Assert.Null(opened.Rejection);
        Assert.NotEmpty(opened.Snapshot!.Deadlines);
        await cluster.StopAllSilosAsync();
    }

    private sealed class FirstLoadFails : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            GrainCluster.ConfigureSilo(silo, Clock, new InMemoryEntityIndex());
            var table = silo.Services.Last(d => d.ServiceType == typeof(IReminderTable));
            silo.Services.Remove(table);
            silo.Services.AddSingleton<IReminderTable>(sp => new FailingFirstRangeRead((IReminderTable)table.ImplementationFactory!(sp)));
        }
    }

    private sealed class FailingFirstRangeRead(IReminderTable table) : IReminderTable
    {
        public Task<ReminderTableData> ReadRows(uint begin, uint end)
        {
            if (Interlocked.Increment(ref rangeReads) > 1)
                return table.ReadRows(begin, end);
            Interlocked.Increment(ref failedLoads);
            return Task.FromException<ReminderTableData>(new TimeoutException("the first load of the reminder table failed"));
        }

        public Task<ReminderTableData> ReadRows(GrainId grainId) => table.ReadRows(grainId);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => table.ReadRow(grainId, reminderName);

        public Task<string?> UpsertRow(ReminderEntry entry) => table.UpsertRow(entry);

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => table.RemoveRow(grainId, reminderName, eTag);

        public Task TestOnlyClearTable() => table.TestOnlyClearTable();
    }
}
