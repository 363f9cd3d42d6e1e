using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Domain.Conversations;

/// <summary>Who wrote a message: the customer, or the agent (talent, seller, team) who owes the answer.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<Party>))]
public enum Party
{
    Customer,
    Agent,
}
