namespace Pledge.Bookings.Policies;

/// <summary>One reminder: sent <paramref name="Offset"/> before a booking's start through <paramref name="Channel"/>.</summary>
public sealed record ReminderRule(TimeSpan Offset, ReminderChannel Channel);
