namespace Pledge.Abstractions;

/// <summary>
/// One entity (conversation, owner, booking, case, …) as a grain keyed <c>{tenant}/{key}</c>. Commands run one at a
/// time; a reply comes only once the command's state, events, deadlines and outbox are durable.
/// </summary>
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>Runs a command; a repeated idempotency key answers with the current image and <c>Duplicate</c> set.</summary>
    Task<EntityReply> SendAsync(EntityCall call);

    /// <summary>The committed state, or null when the entity has no events.</summary>
    Task<EntityImage?> GetAsync();

    /// <summary>Up to <paramref name="limit"/> events of the log after sequence <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<LoggedEvent>> GetHistoryAsync(long afterSequence, int limit);

    /// <summary>
    /// Sets <paramref name="field"/> to null in events of <paramref name="eventType"/> committed before <paramref name="before"/>
    /// (data retention); returns how many events changed.
    /// </summary>
    Task<int> RedactAsync(string eventType, string field, DateTimeOffset before);

    /// <summary>
    /// Fires the deadlines due now and returns how many fired. Only for an entity whose deadline reminder was just
    /// found overdue (so it exists): Orleans fires a reminder that fell due while no silo held it only at its next
    /// period boundary.
    /// </summary>
    Task<int> WakeAsync();
}

/// <summary>A conversation: waits, breaches, claims.</summary>
public interface IConversationGrain : IEntityGrain;

/// <summary>An owner (the seller or talent): response rates.</summary>
public interface IOwnerGrain : IEntityGrain;

/// <summary>A customer: no-shows and restrictions.</summary>
public interface ICustomerGrain : IEntityGrain;

/// <summary>A booking with its reminders.</summary>
public interface IBookingGrain : IEntityGrain;

/// <summary>A resource's schedule: one booking per slot.</summary>
public interface IResourceScheduleGrain : IEntityGrain;

/// <summary>A case: dispute, money-back claim, complaint, cancellation or seller ticket.</summary>
public interface ICaseGrain : IEntityGrain;

/// <summary>A tenant (keys, retention); keyed under the system tenant.</summary>
public interface ITenantGrain : IEntityGrain;

/// <summary>A tenant's override of one policy.</summary>
public interface IPolicyGrain : IEntityGrain;

/// <summary>A tenant's complaint protocol numbers.</summary>
public interface IProtocolCounterGrain : IEntityGrain;

/// <summary>A company's complaint resolution figures.</summary>
public interface IComplaintStatsGrain : IEntityGrain;

/// <summary>One claim per conversation and category.</summary>
public interface IClaimRegistryGrain : IEntityGrain;

/// <summary>An owner's conduct record: screening findings, points, sanctions.</summary>
public interface IOwnerConductGrain : IEntityGrain;

/// <summary>A customer's conduct record.</summary>
public interface ICustomerConductGrain : IEntityGrain;

/// <summary>A customer's claims, for the customer view.</summary>
public interface ICustomerClaimsGrain : IEntityGrain;
