using Pledge.Abstractions;
using Pledge.Cases;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a case: its decider, nothing more.</summary>
public sealed class CaseGrain(EntityRuntime runtime)
    : EntityGrain<CaseCommand, CaseEvent, CaseState>(PledgeCatalog.Case, runtime), ICaseGrain;
