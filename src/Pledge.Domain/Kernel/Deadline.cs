namespace Pledge.Domain.Kernel;

/// <summary>A moment an entity wants to be woken at. <paramref name="Name"/> is unique within one entity.</summary>
public sealed record Deadline(string Name, DateTimeOffset DueAt);
