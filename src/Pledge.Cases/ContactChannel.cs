using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>How a complaint or a cancellation request reached the company; every channel is accepted.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ContactChannel>))]
public enum ContactChannel
{
    Web,
    App,
    Chat,
    Email,
    Phone,
    Letter,
    InPerson,
    Other,
}
