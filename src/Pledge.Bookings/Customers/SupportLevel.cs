using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Bookings.Customers;

[JsonConverter(typeof(SnakeCaseEnumConverter<SupportLevel>))]
public enum SupportLevel
{
    Standard,
    /// <summary>Two or more no-shows within the window.</summary>
    Reduced,
    /// <summary>Restricted by a reviewer: no bookings, no support conversations.</summary>
    Suspended,
}
