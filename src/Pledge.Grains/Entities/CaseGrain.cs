using Pledge.Abstractions;
using Pledge.Cases;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a case: its decider, nothing more.</summary>
public sealed class CaseGrain(EntityRuntime runtime, [PersistentState("entity", EntityRuntime.StorageName)] IPersistentState<EntityRecord> store)
    : EntityGrain<CaseCommand, CaseEvent, CaseState>(PledgeCatalog.Case, runtime, store), ICaseGrain;
