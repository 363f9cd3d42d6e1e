using System.Net;
using System.Net.Sockets;
using Pledge.Domain.Kernel;

namespace Pledge.Service.Webhooks;

/// <summary>
/// Where webhooks may be sent. A tenant must not be able to make Pledge call into its own network: only http(s),
/// and no loopback, link-local, private, unique-local or unspecified address unless the operator allows it
/// (tests and single-machine deployments do).
/// </summary>
public static class WebhookTargets
{
    public static Rejection? Check(string? url, bool allowPrivateNetworks)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return Rejection.Invalid("url", "'url' must be an absolute http(s) URL of at most 2048 characters.");
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return Rejection.Invalid("url", "'url' must use http or https.");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return Rejection.Invalid("url", "'url' may not carry credentials; the signature authenticates Pledge.");
        if (allowPrivateNetworks)
            return null;
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Rejection.Invalid("url", "'url' points at this machine; loopback targets are not allowed.");
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsInternal(address))
            return Rejection.Invalid("url", "'url' points at a loopback, link-local or private address; such targets are not allowed.");
        return null;
    }

    /// <summary>True for addresses a tenant's webhook must not reach: loopback, link-local, private, CGNAT, unique-local, unspecified, multicast.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] == 10
            || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224;
    }
}
