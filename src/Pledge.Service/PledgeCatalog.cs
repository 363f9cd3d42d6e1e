using Microsoft.Extensions.DependencyInjection;
using Pledge.Bookings;
using Pledge.Cases;
using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using Pledge.Hosting;
using Pledge.Service.Policies;
using Pledge.Service.Tenancy;

namespace Pledge.Service;

/// <summary>
/// Every entity kind Pledge runs, one instance each, with the reactions that connect areas. A host resolves
/// reaction targets and due deadlines by kind name, so all of them are registered.
/// </summary>
public static class PledgeCatalog
{
    public static readonly EntityKind<Bookings.Bookings.BookingCommand, Bookings.Bookings.BookingEvent, Bookings.Bookings.BookingState> Booking = BookingKinds.Booking();
    public static readonly EntityKind<Bookings.Resources.ResourceCommand, Bookings.Resources.ResourceEvent, Bookings.Resources.ResourceState> Resource = BookingKinds.Resource();
    public static readonly EntityKind<Bookings.Customers.CustomerCommand, Bookings.Customers.CustomerEvent, Bookings.Customers.CustomerState> Customer = BookingKinds.Customer();

    public static readonly EntityKind<ConversationCommand, ConversationEvent, ConversationState> Conversation = ConversationKind.Create();
    public static readonly EntityKind<OwnerCommand, OwnerEvent, OwnerState> Owner = OwnerKind.Create();

    /// <summary>Cases; an upheld seller ticket makes the conversation exclude the abusive buyer messages.</summary>
    public static readonly EntityKind<CaseCommand, CaseEvent, CaseState> Case =
        CaseKinds.CreateCase(upheld => new ConversationCommand.ExcludeMessages([.. upheld.MessageIds]));
    public static readonly EntityKind<ProtocolCounterCommand, ProtocolCounterEvent, ProtocolCounterState> ProtocolCounter = CaseKinds.ProtocolCounter;
    public static readonly EntityKind<ComplaintStatsCommand, ComplaintStatsEvent, ComplaintStatsState> ComplaintStats = CaseKinds.ComplaintStats;
    public static readonly EntityKind<ClaimRegistryCommand, ClaimRegistryEvent, ClaimRegistryState> ClaimRegistry = CaseKinds.ClaimRegistry;

    private static IEnumerable<IEntityKind> All =>
    [
        Case,
        ProtocolCounter,
        ComplaintStats,
        ClaimRegistry,
        Conversation,
        Owner,
        TenantKind.Kind,
        PolicyOverrideKind.Kind,
        Booking,
        Resource,
        Customer,
    ];

    public static void Register(IServiceCollection services)
    {
        foreach (var kind in All)
            services.AddEntityKind(kind);
    }
}
