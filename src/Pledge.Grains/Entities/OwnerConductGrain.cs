using Pledge.Abstractions;
using Pledge.Conduct.Conduct;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts an owner's conduct record: its decider, nothing more.</summary>
public sealed class OwnerConductGrain(EntityRuntime runtime)
    : EntityGrain<ConductCommand, ConductEvent, ConductState>(PledgeCatalog.OwnerConduct, runtime), IOwnerConductGrain;
