using System.Text.Json;
using System.Text.Json.Serialization;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Customers;
using Pledge.Bookings.Policies;
using Pledge.Bookings.Resources;
using Pledge.Domain.Json;

namespace Pledge.Bookings;

/// <summary>Source-generated JSON for the bookings area (REST conventions: camelCase, ISO-8601 times and durations).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(IsoDurationConverter)])]
[JsonSerializable(typeof(BookingCommand))]
[JsonSerializable(typeof(BookingEvent))]
[JsonSerializable(typeof(BookingState))]
[JsonSerializable(typeof(BookingView))]
[JsonSerializable(typeof(ResourceCommand))]
[JsonSerializable(typeof(ResourceEvent))]
[JsonSerializable(typeof(ResourceState))]
[JsonSerializable(typeof(CustomerCommand))]
[JsonSerializable(typeof(CustomerEvent))]
[JsonSerializable(typeof(CustomerState))]
[JsonSerializable(typeof(CustomerView))]
[JsonSerializable(typeof(BookingPolicy))]
public sealed partial class BookingsJsonContext : JsonSerializerContext;
