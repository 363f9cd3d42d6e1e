using Pledge.Hosting.InMemory;

namespace Pledge.Hosting.Retention;

/// <summary>Redaction of the in-memory host's event logs. Its pending webhook deliveries are not rewritten: they live at most as long as the retry window.</summary>
public sealed class InMemoryEventRetention(InMemoryEntityHost host) : IEventRetention
{
    public Task<int> RedactAsync(Redaction redaction, CancellationToken cancellationToken = default)
    {
        JsonRedaction.CheckNames(redaction);
        return Task.FromResult(host.RewriteEvents(redaction.Tenant, redaction.Kind, redaction.Limit,
            e => e.Type == redaction.EventType && e.At < redaction.Before && JsonRedaction.NullField(e.Json, redaction.Field) is { } json
                ? e with { Json = json }
                : null));
    }
}
