using System.Globalization;
using System.Text.RegularExpressions;

namespace Pledge.Cases.Protocols;

/// <summary>
/// The human-readable form of a complaint protocol number: <c>PREFIX-YYYY-NNNNNN</c>, e.g. <c>PLG-2026-000042</c>.
/// The number alone is unique per tenant and never reused (the counter never restarts); the year of issue only helps people.
/// </summary>
public static partial class ProtocolNumbers
{
    public const string DefaultPrefix = "PLG";

    public static string Format(string prefix, DateTimeOffset issuedAt, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{issuedAt.UtcDateTime.Year:D4}-{number:D6}");

    /// <summary>A prefix is 1 to 12 upper-case ASCII letters or digits, starting with a letter.</summary>
    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    public static bool TryParse(string? protocol, out string prefix, out int year, out long number)
    {
        (prefix, year, number) = (string.Empty, 0, 0);
        if (protocol is null || ProtocolPattern().Match(protocol) is not { Success: true } m) return false;
        prefix = m.Groups["prefix"].Value;
        year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        return long.TryParse(m.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{0,11}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^(?<prefix>[A-Z][A-Z0-9]{0,11})-(?<year>[0-9]{4})-(?<number>[0-9]{6,18})$")]
    private static partial Regex ProtocolPattern();
}
