namespace Pledge.Service.BookingDesk;

/// <summary>
/// Serialises multi-step flows on one key inside this process. A striped set of semaphores, so memory stays fixed
/// however many keys there are; two keys on one stripe merely wait for each other.
/// </summary>
internal sealed class KeyedGate
{
    private readonly SemaphoreSlim[] stripes;

    public KeyedGate(int stripeCount = 64)
    {
        stripes = new SemaphoreSlim[stripeCount];
        for (var i = 0; i < stripes.Length; i++)
            stripes[i] = new SemaphoreSlim(1, 1);
    }

    public async Task<IDisposable> EnterAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        var stripe = stripes[(int)((uint)HashCode.Combine(tenant, key) % (uint)stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Exit(stripe);
    }

    private sealed class Exit(SemaphoreSlim stripe) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                stripe.Release();
        }
    }
}
