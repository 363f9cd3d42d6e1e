namespace Pledge.Domain.Kernel;

/// <summary>A command one entity's event sends to another entity of the same tenant.</summary>
/// <param name="Kind">The target entity kind's name.</param>
/// <param name="Key">The target entity's key.</param>
/// <param name="Command">A command of the target kind's command type.</param>
public sealed record Reaction(string Kind, string Key, object Command);
