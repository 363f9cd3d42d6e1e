using System.Collections.Concurrent;
using Orleans.Reminders.Diagnostics;
using Orleans.Runtime;

namespace Pledge.Testing;

/// <summary>
/// Waits until every silo's reminder service has loaded its table. Orleans loads it in the background after a silo
/// starts and retries a failed load on the reminders' clock — in tests a manual one that moves only when a test
/// moves it — so one failed first load (a starved CI machine) left the service booting and every reminder
/// registration refused after 20 s. Create this before the silos start: their "started" events are not replayed.
/// </summary>
public sealed class ReminderServicesStarted : IObserver<ReminderEvents.ReminderServiceEvent>, IDisposable
{
    // Orleans' retry after a failed load is at most 80 s away (its backoff cap); one step past it wakes any retry.
    private static readonly TimeSpan RetryStep = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PatienceBeforeStep = TimeSpan.FromSeconds(2);
    private const int MaxSteps = 10;

    private readonly ConcurrentDictionary<SiloAddress, byte> started = new();
    private readonly IDisposable subscription;
    private TaskCompletionSource changed = NewSignal();

    public ReminderServicesStarted() => subscription = ReminderEvents.ServiceEvents.Subscribe(this);

    /// <summary>
    /// Returns once all <paramref name="silos"/> report started, moving the test's clock (<paramref name="advance"/>)
    /// past Orleans' retry delay whenever none did for a while; fails naming the silos still loading. Safe to block
    /// on: it never resumes on the caller's context.
    /// </summary>
    public async Task WaitAsync(IReadOnlyCollection<SiloAddress> silos, Action<TimeSpan> advance)
    {
        var steps = 0;
        while (true)
        {
            var signal = Volatile.Read(ref changed);
            var loading = silos.Where(s => !started.ContainsKey(s)).ToArray();
            if (loading.Length == 0)
                return;
            if (await Task.WhenAny(signal.Task, Task.Delay(PatienceBeforeStep)).ConfigureAwait(false) == signal.Task)
                continue;
            if (++steps > MaxSteps)
                throw new InvalidOperationException($"The reminder service of {string.Join(", ", loading.Select(s => s.ToString()))} never finished loading.");
            advance(RetryStep);
        }
    }

    public void OnNext(ReminderEvents.ReminderServiceEvent value)
    {
        if (value is ReminderEvents.ReminderServiceStarted { SiloAddress: { } silo })
        {
            started[silo] = 0;
            Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();
        }
    }

    public void OnError(Exception error) { }

    public void OnCompleted() { }

    public void Dispose() => subscription.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
