using Pledge.Abstractions;
using Pledge.Cases.Protocols;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a tenant's protocol counter: its decider, nothing more.</summary>
public sealed class ProtocolCounterGrain(EntityRuntime runtime)
    : EntityGrain<ProtocolCounterCommand, ProtocolCounterEvent, ProtocolCounterState>(PledgeCatalog.ProtocolCounter, runtime), IProtocolCounterGrain;
