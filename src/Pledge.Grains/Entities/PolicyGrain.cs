using Pledge.Abstractions;
using Pledge.Service.Policies;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a tenant's policy override: its decider, nothing more.</summary>
public sealed class PolicyGrain(EntityRuntime runtime)
    : EntityGrain<PolicyCommand, PolicyEvent, PolicyOverrideState>(PolicyOverrideKind.Kind, runtime), IPolicyGrain;
