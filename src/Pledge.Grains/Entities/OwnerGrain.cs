using Pledge.Abstractions;
using Pledge.Domain.Owners;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts an owner (seller or talent): its decider, nothing more.</summary>
public sealed class OwnerGrain(EntityRuntime runtime, [PersistentState("entity", EntityRuntime.StorageName)] IPersistentState<EntityRecord> store)
    : EntityGrain<OwnerCommand, OwnerEvent, OwnerState>(PledgeCatalog.Owner, runtime, store), IOwnerGrain;
