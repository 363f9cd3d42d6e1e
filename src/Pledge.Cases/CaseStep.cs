namespace Pledge.Cases;

/// <summary>One line of a case's audit trail: who did what, when, and how the case's status moved.</summary>
/// <param name="What">The event's type name, e.g. <c>solution_offered</c>.</param>
/// <param name="From">The status before the step (<c>none</c> for the first).</param>
/// <param name="To">The status after the step.</param>
public sealed record CaseStep(DateTimeOffset At, Actor By, string What, string From, string To);
