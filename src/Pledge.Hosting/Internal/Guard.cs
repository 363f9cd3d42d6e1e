namespace Pledge.Hosting.Internal;

internal static class Guard
{
    public static void Id(EntityId id)
    {
        if (string.IsNullOrEmpty(id.Tenant)) throw new ArgumentException("An entity id needs a tenant.", nameof(id));
        if (string.IsNullOrEmpty(id.Key)) throw new ArgumentException("An entity id needs a key.", nameof(id));
    }

    public static void Limit(int limit) => ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
}
