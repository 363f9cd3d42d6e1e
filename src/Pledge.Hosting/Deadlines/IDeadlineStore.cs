namespace Pledge.Hosting.Deadlines;

/// <summary>
/// The durable list of deadlines, as a host exposes it to <see cref="DeadlineScheduler"/>. Claims carry a lease: a
/// claimed deadline is not handed to another node until its lease ends.
/// </summary>
public interface IDeadlineStore
{
    /// <summary>Claims up to <paramref name="limit"/> unclaimed (or lease-expired) deadlines due at or before <paramref name="dueBefore"/>, earliest first.</summary>
    Task<IReadOnlyList<DueDeadline>> ClaimAsync(string node, DateTimeOffset dueBefore, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Gives back every claim <paramref name="node"/> still holds (graceful shutdown).</summary>
    Task ReleaseAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires the deadline in one unit of work: only if the entity's current state still lists that exact deadline does
    /// its command run. The stored row is gone afterwards in every outcome. Safe to call twice.
    /// </summary>
    Task<FireOutcome> FireAsync(DueDeadline deadline, CancellationToken cancellationToken = default);

    /// <summary>Completes when a deadline was added that may fall due soon (possibly on another node).</summary>
    Task Changed { get; }
}
