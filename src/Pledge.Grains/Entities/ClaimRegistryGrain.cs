using Pledge.Abstractions;
using Pledge.Cases.Registry;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts the claim registry of a conversation: its decider, nothing more.</summary>
public sealed class ClaimRegistryGrain(EntityRuntime runtime, [PersistentState("entity", EntityRuntime.StorageName)] IPersistentState<EntityRecord> store)
    : EntityGrain<ClaimRegistryCommand, ClaimRegistryEvent, ClaimRegistryState>(PledgeCatalog.ClaimRegistry, runtime, store), IClaimRegistryGrain;
