using Pledge.Hosting;

namespace Pledge.Abstractions;

/// <summary>How an entity's <see cref="EntityId"/> becomes a grain's string key: <c>{tenant}/{key}</c>.</summary>
/// <remarks>Tenant ids never hold a slash, so the first one splits the key again.</remarks>
public static class EntityKey
{
    /// <exception cref="ArgumentException">The tenant holds a slash, so the key could not be split again.</exception>
    public static string Of(EntityId id) =>
        id.Tenant.Contains('/')
            ? throw new ArgumentException($"Tenant '{id.Tenant}' holds a '/'; a grain key could not be split again.", nameof(id))
            : $"{id.Tenant}/{id.Key}";

    public static EntityId Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        if (slash < 1 || slash == grainKey.Length - 1)
            throw new ArgumentException($"'{grainKey}' is not a '{{tenant}}/{{key}}' grain key.", nameof(grainKey));
        return new EntityId(grainKey[..slash], grainKey[(slash + 1)..]);
    }
}
