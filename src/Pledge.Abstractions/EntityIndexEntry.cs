namespace Pledge.Abstractions;

/// <summary>An entity's line in its tenant's list of a kind: its key and the status it is listed under.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityIndexEntry(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Key,
    [property: Id(3)] string? Status);
