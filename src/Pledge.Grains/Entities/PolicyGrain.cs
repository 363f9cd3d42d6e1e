using Pledge.Abstractions;
using Pledge.Service.Policies;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a tenant's policy override: its decider, nothing more.</summary>
public sealed class PolicyGrain(EntityRuntime runtime, [PersistentState("entity", EntityRuntime.StorageName)] IPersistentState<EntityRecord> store)
    : EntityGrain<PolicyCommand, PolicyEvent, PolicyOverrideState>(PolicyOverrideKind.Kind, runtime, store), IPolicyGrain;
