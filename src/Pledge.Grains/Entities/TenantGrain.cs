using Pledge.Abstractions;
using Pledge.Service.Tenancy;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a tenant: its decider, nothing more.</summary>
public sealed class TenantGrain(EntityRuntime runtime)
    : EntityGrain<TenantCommand, TenantEvent, TenantState>(TenantKind.Kind, runtime), ITenantGrain;
