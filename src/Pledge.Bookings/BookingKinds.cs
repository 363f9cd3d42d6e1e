using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Resources;
using Pledge.Domain.Kernel;

namespace Pledge.Bookings;

/// <summary>The bookings area's entity kinds, ready for a host to register.</summary>
public static class BookingKinds
{
    public const string BookingKindName = "booking";
    public const string ResourceKindName = "resource";
    public const string CustomerKindName = "customer";

    /// <summary>Bookings, listed by status (<c>scheduled</c>, <c>no_show</c>, …); react on the customer and the resource.</summary>
    public static EntityKind<BookingCommand, BookingEvent, BookingState> Booking() =>
        new EntityKind<BookingCommand, BookingEvent, BookingState>(
                BookingKindName,
                BookingDecider.Instance,
                BookingsJsonContext.Default.BookingCommand,
                BookingsJsonContext.Default.BookingEvent,
                BookingsJsonContext.Default.BookingState,
                state => state.Exists ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(state.Status.ToString()) : null)
            .ReactWith(BookingReactions.From);

    /// <summary>Resource schedules (agents' calendars): the authority on which ranges are taken.</summary>
    public static EntityKind<ResourceCommand, ResourceEvent, ResourceState> Resource() =>
        new(ResourceKindName,
            ResourceDecider.Instance,
            BookingsJsonContext.Default.ResourceCommand,
            BookingsJsonContext.Default.ResourceEvent,
            BookingsJsonContext.Default.ResourceState);

    /// <summary>Customers' standing (no-shows, sanctions, restriction), listed as <c>restricted</c> while restricted.</summary>
    public static EntityKind<CustomerCommand, CustomerEvent, CustomerState> Customer() =>
        new(CustomerKindName,
            CustomerDecider.Instance,
            BookingsJsonContext.Default.CustomerCommand,
            BookingsJsonContext.Default.CustomerEvent,
            BookingsJsonContext.Default.CustomerState,
            state => state.Restriction is null ? null : "restricted");
}
