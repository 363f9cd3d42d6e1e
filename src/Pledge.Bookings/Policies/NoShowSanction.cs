using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Bookings.Policies;

/// <summary>What a repeated no-show (the 2nd within the no-show window) costs the customer.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<NoShowSanction>))]
public enum NoShowSanction
{
    /// <summary>The customer's next booking is created flagged fee-required.</summary>
    Fee,
    /// <summary>The customer cannot book until the embargo ends.</summary>
    Embargo,
}
