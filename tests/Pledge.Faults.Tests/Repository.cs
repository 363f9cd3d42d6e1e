using System.Reflection;

namespace Pledge.Faults.Tests;

/// <summary>The repository these tests were built from (the project stamps its path into the assembly).</summary>
internal static class Repository
{
    public static string Root { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Deploy(params string[] path) => Path.Combine([Root, "deploy", .. path]);
}
