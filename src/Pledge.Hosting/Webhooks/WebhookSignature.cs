using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pledge.Hosting.Webhooks;

/// <summary>
/// How webhook bodies are signed: header <c>Pledge-Signature: v1=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>,
/// with <c>Pledge-Timestamp</c> in Unix seconds. Receivers verify with <see cref="Verify"/>.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "Pledge-Signature";
    public const string TimestampHeader = "Pledge-Timestamp";
    public const string EventIdHeader = "Pledge-Event-Id";

    /// <summary>The <c>Pledge-Signature</c> header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True when <paramref name="signatureHeader"/> holds a v1 signature of the body made with <paramref name="secret"/>
    /// (compared in constant time) and, when <paramref name="now"/> is given, the timestamp is within <paramref name="tolerance"/> (default 5 minutes).
    /// </summary>
    public static bool Verify(string secret, string timestamp, string body, string? signatureHeader, DateTimeOffset? now = null, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(signatureHeader)) return false;
        if (now is { } at)
        {
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
            var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
            if ((at - sent).Duration() > (tolerance ?? TimeSpan.FromMinutes(5))) return false;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        foreach (var candidate in signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)))
                return true;
        return false;
    }
}
