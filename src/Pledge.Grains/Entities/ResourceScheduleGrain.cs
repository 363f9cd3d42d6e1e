using Pledge.Abstractions;
using Pledge.Bookings.Resources;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a resource's schedule: its decider, nothing more.</summary>
public sealed class ResourceScheduleGrain(EntityRuntime runtime)
    : EntityGrain<ResourceCommand, ResourceEvent, ResourceState>(PledgeCatalog.Resource, runtime), IResourceScheduleGrain;
