using Pledge.Abstractions;
using Pledge.Cases.Statistics;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a company's complaint figures: its decider, nothing more.</summary>
public sealed class ComplaintStatsGrain(EntityRuntime runtime)
    : EntityGrain<ComplaintStatsCommand, ComplaintStatsEvent, ComplaintStatsState>(PledgeCatalog.ComplaintStats, runtime), IComplaintStatsGrain;
