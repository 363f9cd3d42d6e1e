using Pledge.Abstractions;
using Pledge.Service.Claims;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a customer's claims: its decider, nothing more.</summary>
public sealed class CustomerClaimsGrain(EntityRuntime runtime)
    : EntityGrain<CustomerClaimsCommand, CustomerClaimsEvent, CustomerClaimsState>(CustomerClaimsKind.Kind, runtime), ICustomerClaimsGrain;
