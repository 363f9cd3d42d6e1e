using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

[JsonConverter(typeof(SnakeCaseEnumConverter<ComplaintResolution>))]
public enum ComplaintResolution
{
    Resolved,
    NotResolved,
}
