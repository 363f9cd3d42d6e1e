using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

[JsonConverter(typeof(SnakeCaseEnumConverter<CaseType>))]
public enum CaseType
{
    Dispute,
    MoneyBackClaim,
    Complaint,
    Cancellation,
    SellerTicket,
}
