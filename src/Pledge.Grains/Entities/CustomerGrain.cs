using Pledge.Abstractions;
using Pledge.Bookings.Customers;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a customer: its decider, nothing more.</summary>
public sealed class CustomerGrain(EntityRuntime runtime)
    : EntityGrain<CustomerCommand, CustomerEvent, CustomerState>(PledgeCatalog.Customer, runtime), ICustomerGrain;
