namespace Pledge.Hosting.Internal;

/// <summary>
/// Wakes background loops when something they poll for appeared. A loop takes <see cref="Next"/> before it
/// looks at the store and waits on it afterwards, so a notification in between is never lost.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="signal"/> completes or <paramref name="timeout"/> passes on <paramref name="clock"/>.</summary>
    public static async Task WaitAsync(Task signal, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (signal.IsCompleted) return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, cts.Token);
        await Task.WhenAny(signal, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
