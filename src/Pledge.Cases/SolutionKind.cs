using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

[JsonConverter(typeof(SnakeCaseEnumConverter<SolutionKind>))]
public enum SolutionKind
{
    FullRefund,
    PartialRefund,
    ReturnAndRefund,
    Replacement,
    Resend,
    Other,
}
