using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>The capacity in which someone acts on a case; it decides which actions they may take.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ActorRole>))]
public enum ActorRole
{
    Buyer,
    Seller,
    Customer,
    Reviewer,
    Platform,
    /// <summary>Pledge itself: deadlines and automatic decisions.</summary>
    System,
}
