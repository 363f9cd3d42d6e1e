using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Pledge.Hosting;
using Pledge.Hosting.Internal;
using Pledge.Service.Hosting;
using Pledge.Service.Observability;

namespace Pledge.Grains.Entities;

/// <summary>The services every entity grain needs, resolved once per silo.</summary>
public sealed class EntityRuntime(
    TimeProvider clock,
    EntityCatalog catalog,
    IEntityIndex index,
    [FromKeyedServices(EntityRuntime.StorageName)] IGrainStorage storage,
    IPersistentStateFactory states,
    HostingMetrics metrics,
    DomainMetrics domain,
    ILoggerFactory loggers)
{
    /// <summary>The grain storage provider every Pledge grain persists through.</summary>
    public const string StorageName = "pledge";

    public TimeProvider Clock { get; } = clock;

    public EntityCatalog Catalog { get; } = catalog;

    public IEntityIndex Index { get; } = index;

    public IGrainStorage Storage { get; } = storage;

    public IPersistentStateFactory States { get; } = states;

    public HostingMetrics Metrics { get; } = metrics;

    public DomainMetrics Domain { get; } = domain;

    public ILogger Logger { get; } = loggers.CreateLogger("Pledge.Grains.Entity");

    /// <summary>The instant handed to deciders: UTC, whole microseconds (what PostgreSQL keeps).</summary>
    public DateTimeOffset Now() => HostTime.Now(Clock);
}
