using Pledge.Abstractions;
using Pledge.Service.Claims;
using Pledge.Service.Policies;
using Pledge.Service.Tenancy;

namespace Pledge.Service.Hosting;

/// <summary>Which grain interface serves each entity kind of <see cref="PledgeCatalog"/>.</summary>
public static class EntityGrains
{
    private static readonly Dictionary<string, Func<IGrainFactory, string, IEntityGrain>> ByKind = new(StringComparer.Ordinal)
    {
        [PledgeCatalog.Conversation.Name] = (f, k) => f.GetGrain<IConversationGrain>(k),
        [PledgeCatalog.Owner.Name] = (f, k) => f.GetGrain<IOwnerGrain>(k),
        [PledgeCatalog.Customer.Name] = (f, k) => f.GetGrain<ICustomerGrain>(k),
        [PledgeCatalog.Booking.Name] = (f, k) => f.GetGrain<IBookingGrain>(k),
        [PledgeCatalog.Resource.Name] = (f, k) => f.GetGrain<IResourceScheduleGrain>(k),
        [PledgeCatalog.Case.Name] = (f, k) => f.GetGrain<ICaseGrain>(k),
        [PledgeCatalog.ProtocolCounter.Name] = (f, k) => f.GetGrain<IProtocolCounterGrain>(k),
        [PledgeCatalog.ComplaintStats.Name] = (f, k) => f.GetGrain<IComplaintStatsGrain>(k),
        [PledgeCatalog.ClaimRegistry.Name] = (f, k) => f.GetGrain<IClaimRegistryGrain>(k),
        [PledgeCatalog.OwnerConduct.Name] = (f, k) => f.GetGrain<IOwnerConductGrain>(k),
        [PledgeCatalog.CustomerConduct.Name] = (f, k) => f.GetGrain<ICustomerConductGrain>(k),
        [CustomerClaimsKind.Kind.Name] = (f, k) => f.GetGrain<ICustomerClaimsGrain>(k),
        [TenantKind.Kind.Name] = (f, k) => f.GetGrain<ITenantGrain>(k),
        [PolicyOverrideKind.Kind.Name] = (f, k) => f.GetGrain<IPolicyGrain>(k),
    };

    /// <summary>The grain of entity <paramref name="id"/> of kind <paramref name="kind"/>.</summary>
    /// <exception cref="KeyNotFoundException">No grain serves that kind.</exception>
    public static IEntityGrain Get(IGrainFactory grains, string kind, Pledge.Hosting.EntityId id) =>
        ByKind.TryGetValue(kind, out var get)
            ? get(grains, EntityKey.Of(id))
            : throw new KeyNotFoundException($"No grain serves entity kind '{kind}'.");

    public static IReadOnlyCollection<string> Kinds => ByKind.Keys;
}
