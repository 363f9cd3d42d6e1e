using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>A side of a dispute.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<Party>))]
public enum Party
{
    Buyer,
    Seller,
}
