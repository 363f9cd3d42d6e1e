using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Bookings.Policies;

/// <summary>How the platform delivers a reminder.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ReminderChannel>))]
public enum ReminderChannel
{
    Email,
    Sms,
}
