using System.Threading.Channels;

namespace Pledge.Hosting.Postgres;

/// <summary>
/// Group commit: commands from concurrent callers queue here; each writer takes whatever has gathered (up to the
/// batch size, optionally waiting a moment for more) and writes it as one transaction. Callers are answered only
/// after that transaction committed.
/// </summary>
internal sealed class CommitPipeline : IAsyncDisposable
{
    private readonly Channel<PendingUnit> queue = Channel.CreateUnbounded<PendingUnit>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Func<List<PendingUnit>, Task> write;
    private readonly int maxBatch;
    private readonly TimeSpan delay;
    private readonly Task[] writers;

    public CommitPipeline(Func<List<PendingUnit>, Task> write, int writers, int maxBatch, TimeSpan delay)
    {
        this.write = write;
        this.maxBatch = maxBatch;
        this.delay = delay;
        this.writers = Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    public void Enqueue(PendingUnit unit)
    {
        if (!queue.Writer.TryWrite(unit))
            throw new ObjectDisposedException(nameof(PostgresEntityHost), "The PostgreSQL host is shutting down.");
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingUnit>(maxBatch);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            Drain(batch);
            if (batch.Count < maxBatch && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay).ConfigureAwait(false);
                Drain(batch);
            }
            if (batch.Count > 0)
                await write(batch).ConfigureAwait(false);
        }
    }

    private void Drain(List<PendingUnit> batch)
    {
        while (batch.Count < maxBatch && queue.Reader.TryRead(out var unit))
            batch.Add(unit);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(writers).ConfigureAwait(false);
    }
}
