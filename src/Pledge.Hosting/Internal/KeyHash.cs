using System.Text;

namespace Pledge.Hosting.Internal;

/// <summary>A stable 64-bit hash of an entity address (FNV-1a over UTF-8), the same on every node; used as advisory-lock key.</summary>
internal static class KeyHash
{
    public static long Of(string kind, EntityId id)
    {
        var hash = 14695981039346656037UL;
        Mix(ref hash, kind);
        Mix(ref hash, id.Tenant);
        Mix(ref hash, id.Key);
        return unchecked((long)hash);
    }

    private static void Mix(ref ulong hash, string part)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(part) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        hash ^= 0xFF; // separator: ("ab","c") and ("a","bc") differ
        hash *= 1099511628211UL;
    }
}
