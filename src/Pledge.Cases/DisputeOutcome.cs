using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>How a dispute ended.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DisputeOutcome>))]
public enum DisputeOutcome
{
    /// <summary>Both sides agreed and carried the solution out.</summary>
    Executed,
    /// <summary>Customer care decided (final).</summary>
    Decided,
    /// <summary>The buyer withdrew the dispute.</summary>
    Withdrawn,
    /// <summary>The buyer did not answer the seller's offer in time and the policy closes the case.</summary>
    Lapsed,
}
