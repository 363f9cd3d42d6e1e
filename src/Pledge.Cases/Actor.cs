namespace Pledge.Cases;

/// <summary>Who takes a step on a case: an id inside the tenant and the role they act in.</summary>
public sealed record Actor(string Id, ActorRole Role)
{
    /// <summary>Pledge itself, for steps taken at a deadline or by an automatic rule.</summary>
    public static Actor Automation { get; } = new("pledge", ActorRole.System);
}
