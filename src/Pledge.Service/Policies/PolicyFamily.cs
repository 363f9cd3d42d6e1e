using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Pledge.Domain.Kernel;

namespace Pledge.Service.Policies;

/// <summary>One kind of policy (conversation, booking, case, conduct): its presets and how a document is read and checked.</summary>
public interface IPolicyFamily
{
    string Family { get; }

    IReadOnlyCollection<string> PresetNames { get; }

    int PresetVersion(string name);

    /// <summary>The preset as JSON, or null when there is no preset of that name.</summary>
    JsonElement? PresetDocument(string name);

    /// <summary>Reads and validates a tenant's document, stamping it with <paramref name="name"/> and <paramref name="version"/>.</summary>
    (string? Document, Rejection? Rejection) Normalize(string name, int version, JsonElement document);
}

/// <summary>A policy family whose documents are <typeparamref name="TPolicy"/> records.</summary>
public sealed class PolicyFamily<TPolicy>(
    string family,
    IReadOnlyDictionary<string, TPolicy> presets,
    JsonTypeInfo<TPolicy> json,
    Func<TPolicy, int> versionOf,
    Func<TPolicy, string, int, TPolicy> stamp,
    Func<TPolicy, Rejection?> validate) : IPolicyFamily
    where TPolicy : class
{
    // A tenant's document is read strictly: a field the family does not know (a typo, a field of another family)
    // would otherwise be dropped in silence and the tenant would run a policy other than the one it wrote.
    private readonly JsonTypeInfo<TPolicy> strict = (JsonTypeInfo<TPolicy>)new JsonSerializerOptions(json.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    }.GetTypeInfo(typeof(TPolicy));

    public string Family => family;

    public IReadOnlyCollection<string> PresetNames => presets.Keys.ToArray();

    public TPolicy? Preset(string name) => presets.GetValueOrDefault(name);

    public int PresetVersion(string name) => presets.TryGetValue(name, out var p) ? versionOf(p) : 0;

    public JsonElement? PresetDocument(string name) =>
        presets.TryGetValue(name, out var p) ? JsonSerializer.SerializeToElement(p, json) : null;

    public TPolicy Read(string document) =>
        JsonSerializer.Deserialize(document, json) ?? throw new JsonException($"Empty {family} policy document.");

    public (string? Document, Rejection? Rejection) Normalize(string name, int version, JsonElement document)
    {
        TPolicy? policy;
        try
        {
            policy = document.Deserialize(strict);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? "policy." + path[2..] : "policy";
            return (null, Rejection.Invalid(field, e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"Not a valid {family} policy: unknown field '{field}'."
                : $"Not a valid {family} policy: the value at '{field}' is malformed or of the wrong type."));
        }
        if (policy is null)
            return (null, Rejection.Invalid("policy", $"A {family} policy document is required."));
        var stamped = stamp(policy, name, version);
        // Each family's validator names its field as the request does, under "policy.".
        if (validate(stamped) is { } rejection)
            return (null, rejection with { Field = rejection.Field ?? "policy" });
        return (JsonSerializer.Serialize(stamped, json), null);
    }
}
