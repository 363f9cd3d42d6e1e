using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>What went wrong with the order, as the buyer states it when opening a dispute.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DisputeProblem>))]
public enum DisputeProblem
{
    NotArrived,
    Damaged,
    MissingItems,
    NotAsDescribed,
    ShippingCost,
    Other,
}
