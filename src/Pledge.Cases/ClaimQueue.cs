using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>Which reviewer queue a money-back claim waits in.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ClaimQueue>))]
public enum ClaimQueue
{
    /// <summary>A full review of conduct categories, with the screening's findings attached.</summary>
    Review,
    /// <summary>A quick confirmation of an eligible response-time claim (when the policy does not auto-approve).</summary>
    Confirmation,
}
