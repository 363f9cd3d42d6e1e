using Pledge.Abstractions;
using Pledge.Cases.Registry;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts the claim registry of a conversation: its decider, nothing more.</summary>
public sealed class ClaimRegistryGrain(EntityRuntime runtime)
    : EntityGrain<ClaimRegistryCommand, ClaimRegistryEvent, ClaimRegistryState>(PledgeCatalog.ClaimRegistry, runtime), IClaimRegistryGrain;
