using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>Why a dispute went to the platform's customer care.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<EscalationReason>))]
public enum EscalationReason
{
    /// <summary>The buyer asked: no agreement, or the seller let the deadline pass.</summary>
    BuyerRequest,
    /// <summary>The platform stepped in of its own accord.</summary>
    PlatformRequest,
    /// <summary>The seller let the response deadline pass and the policy escalates automatically.</summary>
    SellerSilence,
    /// <summary>The buyer let the response deadline pass and the policy escalates instead of closing.</summary>
    BuyerSilence,
    /// <summary>An agreed solution was not carried out by its deadline.</summary>
    ExecutionOverdue,
}
