using Orleans.TestingHost;
using Pledge.Testing;

namespace Pledge.Grains.Tests;

internal static class TestClusterDeploy
{
    /// <summary>Starts the silos and returns once each one's reminder service has loaded (see <see cref="ReminderServicesStarted"/>).</summary>
    public static async Task DeployWithRemindersAsync(this TestCluster cluster, Action<TimeSpan> advanceClock)
    {
        using var reminders = new ReminderServicesStarted();
        await cluster.DeployAsync();
        await reminders.WaitAsync([.. cluster.Silos.Select(s => s.SiloAddress)], advanceClock);
    }
}
