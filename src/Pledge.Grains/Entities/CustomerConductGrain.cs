using Pledge.Abstractions;
using Pledge.Conduct.Conduct;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a customer's conduct record: its decider, nothing more.</summary>
public sealed class CustomerConductGrain(EntityRuntime runtime)
    : EntityGrain<ConductCommand, ConductEvent, ConductState>(PledgeCatalog.CustomerConduct, runtime), ICustomerConductGrain;
