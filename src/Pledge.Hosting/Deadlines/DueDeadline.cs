using Pledge.Domain.Kernel;

namespace Pledge.Hosting.Deadlines;

/// <summary>A stored deadline as a scheduler sees it: which entity, which deadline.</summary>
public sealed record DueDeadline(string Kind, EntityId Id, Deadline Deadline);

/// <summary>What firing a deadline did.</summary>
public enum FireOutcome
{
    /// <summary>The entity still wanted it; its command was committed.</summary>
    Fired,
    /// <summary>The entity no longer lists that exact deadline (or never existed); nothing changed.</summary>
    Stale,
    /// <summary>The decider refused the deadline's command; the stored deadline was dropped so it does not fire again.</summary>
    Rejected,
}
