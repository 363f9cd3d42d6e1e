namespace Pledge.Hosting.Reactions;

/// <summary>A reaction waiting in the outbox: a command for <see cref="TargetKind"/>/<see cref="TargetKey"/> in <see cref="Tenant"/>.</summary>
/// <param name="IdempotencyKey">Source event id and target; the target entity dedupes redelivery on it.</param>
public sealed record PendingReaction(long Id, string Tenant, string TargetKind, string TargetKey, string CommandJson, string IdempotencyKey, int Attempts);

/// <summary>The reaction outbox as a host exposes it to <see cref="ReactionDispatcher"/>; claims carry a lease.</summary>
public interface IReactionStore
{
    Task<IReadOnlyList<PendingReaction>> ClaimReactionsAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a delivered reaction.</summary>
    Task CompleteReactionAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Gives a reaction back for another attempt not before <paramref name="notBefore"/>.</summary>
    Task RetryReactionAsync(long id, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    Task ReleaseReactionsAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>Completes when a reaction was added.</summary>
    Task Changed { get; }
}
