using System.Text.Json;
using Pledge.Abstractions;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Hosting.Internal;

namespace Pledge.Service.Hosting;

/// <summary>
/// The entity-host seam on Orleans: each call goes to the entity's grain; lists page through the <see cref="IEntityIndex"/>.
/// The application services stay unaware of grains.
/// </summary>
public sealed class GrainEntityHost(IGrainFactory grains, IEntityIndex index) : IEntityHost
{
    public async Task<CommandResult<TState, TEvent>> SendAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, TCommand command, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Id(id);
        var call = new EntityCall(JsonSerializer.Serialize(command, kind.CommandJson), idempotencyKey);
        var reply = await EntityGrains.Get(grains, kind.Name, id).SendAsync(call).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new CommandResult<TState, TEvent>(
            reply.Image is { } image ? Snapshot(kind, id, image) : null,
            reply.EventsJson.Select(e => JsonSerializer.Deserialize(e, kind.EventJson)!).ToArray(),
            reply.Rejection?.ToRejection(),
            reply.Duplicate);
    }

    public async Task<EntitySnapshot<TState>?> GetAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, EntityId id, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Id(id);
        var image = await EntityGrains.Get(grains, kind.Name, id).GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return image is null ? null : Snapshot(kind, id, image);
    }

    public async Task<IReadOnlyList<StoredEvent>> GetHistoryAsync(
        string kind, EntityId id, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Id(id);
        Guard.Limit(limit);
        var events = await EntityGrains.Get(grains, kind, id).GetHistoryAsync(afterSequence, limit).WaitAsync(cancellationToken).ConfigureAwait(false);
        return events.Select(e => new StoredEvent(Planner.EventId(kind, id, e.Sequence), kind, id, e.Sequence, e.Type, e.At, e.Json)).ToArray();
    }

    public async Task<IReadOnlyList<EntitySnapshot<TState>>> ListAsync<TCommand, TEvent, TState>(
        EntityKind<TCommand, TEvent, TState> kind, string tenant, string? status, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TState : class
    {
        Guard.Limit(limit);
        var keys = await index.PageAsync(tenant, kind.Name, status, afterKey, limit, cancellationToken).ConfigureAwait(false);
        var snapshots = await Task.WhenAll(keys.Select(k => GetAsync(kind, new EntityId(tenant, k), cancellationToken))).ConfigureAwait(false);
        // The index is written before the entity acknowledges, so a line may briefly run ahead of a status change
        // still in flight; the entity's own state decides.
        return snapshots.Where(s => s is not null && (status is null || kind.Status(s.State) == status)).ToArray()!;
    }

    private static EntitySnapshot<TState> Snapshot<TCommand, TEvent, TState>(EntityKind<TCommand, TEvent, TState> kind, EntityId id, EntityImage image)
        where TState : class =>
        new(id, JsonSerializer.Deserialize(image.StateJson, kind.StateJson)!, image.Version, image.UpdatedAt,
            image.Deadlines.Select(d => d.ToDeadline()).ToArray());
}
