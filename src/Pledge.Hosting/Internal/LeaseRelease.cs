using Microsoft.Extensions.Logging;

namespace Pledge.Hosting.Internal;

/// <summary>Gives a stopping node's claims back so that other nodes take its work over at once instead of when the leases end.</summary>
internal static class LeaseRelease
{
    // Its own time limit: the host's shutdown token may already be cancelled when the last firing gave up, and a
    // release that is skipped then leaves the work waiting out the whole lease.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(Func<CancellationToken, Task> release, ILogger logger, string what)
    {
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await release(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Releasing {What} failed; they end by themselves when their leases run out.", what);
        }
    }
}
