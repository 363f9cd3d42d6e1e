using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>What happens to an eligible response-time claim.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ResponseTimeClaimHandling>))]
public enum ResponseTimeClaimHandling
{
    AutoApprove,
    /// <summary>Queued for a reviewer's quick confirmation.</summary>
    Confirm,
}
