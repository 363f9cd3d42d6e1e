namespace Pledge.Hosting.Retention;

/// <summary>
/// Data retention: the only change ever made to a committed event. A field that holds personal content (a message's
/// text) is set to null in events older than a cut-off, and in the webhook deliveries that still carry them; the
/// rest of each event — and every figure derived from it — stays as it was.
/// </summary>
public interface IEventRetention
{
    /// <summary>Redacts up to <see cref="Redaction.Limit"/> events; returns how many it changed (0 when none is left).</summary>
    Task<int> RedactAsync(Redaction redaction, CancellationToken cancellationToken = default);
}

/// <summary>Which events lose which field: those of <paramref name="EventType"/> of one tenant's <paramref name="Kind"/> dated before <paramref name="Before"/>.</summary>
public sealed record Redaction(string Tenant, string Kind, string EventType, string Field, DateTimeOffset Before, int Limit = 1000);
