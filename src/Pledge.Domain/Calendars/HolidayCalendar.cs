using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Pledge.Domain.Calendars;

/// <summary>
/// Public holidays of the countries Pledge ships (embedded resources; see <c>Calendars/Holidays/SOURCE.md</c>).
/// </summary>
public static class HolidayCalendar
{
    private const string ResourcePrefix = "Pledge.Holidays.";
    private static readonly ConcurrentDictionary<string, FrozenDictionary<DateOnly, string>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The countries with shipped holidays, e.g. <c>BR</c>, <c>ID</c>, <c>RO</c>.</summary>
    public static IReadOnlyList<string> Countries { get; } = typeof(HolidayCalendar).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The holidays of <paramref name="country"/> by date, with their names.</summary>
    /// <exception cref="ArgumentException">No holidays ship for that country.</exception>
    public static IReadOnlyDictionary<DateOnly, string> Of(string country)
    {
        if (!Countries.Contains(country, StringComparer.Ordinal))
            throw new ArgumentException($"No holidays ship for country '{country}' (known: {string.Join(", ", Countries)}).", nameof(country));
        return Loaded.GetOrAdd(country, Load);
    }

    private static FrozenDictionary<DateOnly, string> Load(string country)
    {
        using var stream = typeof(HolidayCalendar).Assembly.GetManifestResourceStream(ResourcePrefix + country + ".json")
            ?? throw new InvalidOperationException($"Holiday resource for '{country}' is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateObject().ToFrozenDictionary(
            p => DateOnly.ParseExact(p.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            p => p.Value.GetString() ?? "");
    }
}
