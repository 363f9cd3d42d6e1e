namespace Pledge.Hosting.Webhooks;

/// <summary>How webhook deliveries go out and how failures are spaced.</summary>
public static class WebhookPolicy
{
    /// <summary>The named <see cref="HttpClient"/> deliveries go through (SSRF rules in its handler, <see cref="PledgeHostOptions.WebhookTimeout"/>).</summary>
    public const string HttpClientName = "Pledge.Webhooks";

    /// <summary>The delay before attempt <paramref name="attempt"/>+1: doubling from the first backoff, capped, with ±25 % jitter.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan first, TimeSpan max)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + Random.Shared.NextDouble() * 0.5));
    }
}
