using System.Security.Cryptography;
using Pledge.Domain.Kernel;

namespace Pledge.Hosting.Webhooks;

internal static class WebhookInput
{
    public static (string Url, string[] EventTypes) Validate(string url, IReadOnlyList<string>? eventTypes)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new HostRejectionException(Rejection.Invalid("url", "'url' must be an absolute http(s) URL of at most 2048 characters."));
        if (eventTypes is null || eventTypes.Count == 0)
            throw new HostRejectionException(Rejection.Invalid("eventTypes", "'eventTypes' must list at least one event type, or \"*\" for all."));
        if (eventTypes.Count > 200 || eventTypes.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 100 || t.Any(char.IsControl)))
            throw new HostRejectionException(Rejection.Invalid("eventTypes", "'eventTypes' must hold at most 200 non-empty names of at most 100 characters."));
        return (uri.AbsoluteUri, eventTypes.Distinct(StringComparer.Ordinal).ToArray());
    }

    public static bool Matches(IReadOnlyList<string> filter, string type) => filter.Contains("*") || filter.Contains(type);

    public static string NewId() => "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
