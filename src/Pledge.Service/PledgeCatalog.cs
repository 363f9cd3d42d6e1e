using Microsoft.Extensions.DependencyInjection;
using Pledge.Bookings;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Resources;
using Pledge.Cases;
using Pledge.Cases.Protocols;
using Pledge.Cases.Registry;
using Pledge.Cases.Statistics;
using Pledge.Conduct.Conduct;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Owners;
using Pledge.Hosting;
using Pledge.Service.Claims;
using Pledge.Service.Conduct;
using Pledge.Service.Policies;
using Pledge.Service.Tenancy;

namespace Pledge.Service;

/// <summary>
/// Every entity kind Pledge runs, one instance each, with the reactions that connect areas. A host resolves
/// reaction targets and due deadlines by kind name, so all of them are registered.
/// </summary>
public static class PledgeCatalog
{
    public static readonly EntityKind<BookingCommand, BookingEvent, BookingState> Booking = BookingKinds.Booking();
    public static readonly EntityKind<ResourceCommand, ResourceEvent, ResourceState> Resource = BookingKinds.Resource();
    public static readonly EntityKind<CustomerCommand, CustomerEvent, CustomerState> Customer = BookingKinds.Customer();

    /// <summary>Conversations; every message is screened into its author's conduct record.</summary>
    public static readonly EntityKind<ConversationCommand, ConversationEvent, ConversationState> Conversation =
        ConversationKind.Create().ReactWith(ConductReactions.FromConversation);
    public static readonly EntityKind<OwnerCommand, OwnerEvent, OwnerState> Owner = OwnerKind.Create();

    /// <summary>Cases; an upheld seller ticket makes the conversation exclude the abusive buyer messages.</summary>
    public static readonly EntityKind<CaseCommand, CaseEvent, CaseState> Case =
        CaseKinds.CreateCase(upheld => new ConversationCommand.ExcludeMessages([.. upheld.MessageIds]))
            .ReactWith(ConductReactions.FromCase)
            .ReactWith(CustomerClaimsKind.FromCase);
    public static readonly EntityKind<ProtocolCounterCommand, ProtocolCounterEvent, ProtocolCounterState> ProtocolCounter = CaseKinds.ProtocolCounter;
    public static readonly EntityKind<ComplaintStatsCommand, ComplaintStatsEvent, ComplaintStatsState> ComplaintStats = CaseKinds.ComplaintStats;
    public static readonly EntityKind<ClaimRegistryCommand, ClaimRegistryEvent, ClaimRegistryState> ClaimRegistry = CaseKinds.ClaimRegistry;

    public static readonly EntityKind<ConductCommand, ConductEvent, ConductState> OwnerConduct = ConductKind.Owner;
    public static readonly EntityKind<ConductCommand, ConductEvent, ConductState> CustomerConduct = ConductKind.Customer;

    private static IEnumerable<IEntityKind> All =>
    [
        OwnerConduct,
        CustomerConduct,
        CustomerClaimsKind.Kind,
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
