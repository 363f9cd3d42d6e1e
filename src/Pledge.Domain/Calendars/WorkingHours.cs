using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Domain.Calendars;

/// <summary>
/// One stretch of working time on a weekday, in the calendar's local time: <c>[From, To)</c>.
/// A day may have several stretches (a lunch break is two stretches); they must not overlap.
/// </summary>
public sealed record WorkingHours(
    [property: JsonConverter(typeof(SnakeCaseEnumConverter<DayOfWeek>))] DayOfWeek Day,
    TimeOnly From,
    TimeOnly To);
