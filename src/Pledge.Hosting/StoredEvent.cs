namespace Pledge.Hosting;

/// <summary>One committed event as the append-only log keeps it (also the outbox's payload).</summary>
/// <param name="EventId">Globally unique, stable across retries: <c>{kind}:{tenant}/{key}:{sequence}</c>.</param>
/// <param name="Sequence">1-based position in the entity's log.</param>
/// <param name="Type">The event's type name (its JSON discriminator).</param>
/// <param name="Json">The event as JSON, discriminator included.</param>
public sealed record StoredEvent(
    string EventId,
    string Kind,
    EntityId Id,
    long Sequence,
    string Type,
    DateTimeOffset At,
    string Json);
