using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>Why a seller reports a buyer's messages.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<TicketReason>))]
public enum TicketReason
{
    Harassment,
    ObsceneOrThreatening,
    /// <summary>Unreasonable demands for refunds or discounts.</summary>
    UnreasonableDemands,
    IrrelevantAds,
}
