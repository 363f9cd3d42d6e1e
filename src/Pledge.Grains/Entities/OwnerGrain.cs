using Pledge.Abstractions;
using Pledge.Domain.Owners;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts an owner (seller or talent): its decider, nothing more.</summary>
public sealed class OwnerGrain(EntityRuntime runtime)
    : EntityGrain<OwnerCommand, OwnerEvent, OwnerState>(PledgeCatalog.Owner, runtime), IOwnerGrain;
