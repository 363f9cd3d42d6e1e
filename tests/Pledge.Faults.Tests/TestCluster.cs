using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pledge.Testing;

namespace Pledge.Faults.Tests;

/// <summary>
/// A throwaway PostgreSQL plus api and silo processes on loopback ports. Api nodes serve HTTP only; silo nodes fire
/// deadlines and deliver reactions and webhooks. Disposing kills every process and removes the server.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string BootstrapKey = "fault-test-operator-key-0123456789abcdef";

    private readonly List<ClusterNode> nodes = [];
    private readonly IReadOnlyDictionary<string, string> overrides;

    private TestCluster(PostgresServer postgres, string connectionString, IReadOnlyDictionary<string, string>? overrides)
    {
        Postgres = postgres;
        ConnectionString = connectionString;
        this.overrides = overrides ?? new Dictionary<string, string>();
    }

    public PostgresServer Postgres { get; }

    public string ConnectionString { get; }

    public IReadOnlyList<ClusterNode> Apis => nodes.Where(n => n.Name.StartsWith("api", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<ClusterNode> Silos => nodes.Where(n => n.Name.StartsWith("silo", StringComparison.Ordinal)).ToList();

    /// <param name="environment">Settings for every node of this cluster, over the defaults (e.g. <c>Pledge__Host__LeaseDuration</c>).</param>
    public static async Task<TestCluster> StartAsync(int apis, int silos, IReadOnlyDictionary<string, string>? environment = null)
    {
        var postgres = await PostgresServer.StartAsync();
        TestCluster? cluster = null;
        try
        {
            cluster = new TestCluster(postgres, await postgres.CreateDatabaseAsync("pledge"), environment);
            var apiDll = Locate("Pledge.Api");
            var siloDll = Locate("Pledge.Silo");
            // The first node migrates alone; the others start together once the schema is there.
            cluster.nodes.Add(ClusterNode.Start("api1", apiDll, cluster.Environment("api1", background: false)));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await cluster.nodes[0].WaitReadyAsync(http, TimeSpan.FromSeconds(90));
            for (var i = 2; i <= apis; i++) cluster.nodes.Add(ClusterNode.Start($"api{i}", apiDll, cluster.Environment($"api{i}", background: false)));
            for (var i = 1; i <= silos; i++) cluster.nodes.Add(ClusterNode.Start($"silo{i}", siloDll, cluster.Environment($"silo{i}", background: true)));
            foreach (var node in cluster.nodes.Skip(1)) await node.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
            return cluster;
        }
        catch
        {
            if (cluster is not null) await cluster.DisposeAsync();
            else await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client holding <paramref name="key"/>; requests name the node in full URLs.</summary>
    public static HttpClient Client(string key, TimeSpan timeout)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>Creates a tenant through the first api node and returns its platform and admin keys.</summary>
    public async Task<(string Platform, string Admin)> NewTenantAsync(string tenant)
    {
        using var op = Client(BootstrapKey, TimeSpan.FromSeconds(30));
        var url = Apis[0].Url;
        (await op.PostAsJsonAsync($"{url}/v1/tenants", new { id = tenant })).EnsureSuccessStatusCode();
        async Task<string> KeyAsync(string role)
        {
            var response = await op.PostAsJsonAsync($"{url}/v1/tenants/{tenant}/keys", new { role });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        }
        return (await KeyAsync("platform"), await KeyAsync("admin"));
    }

    /// <summary>Starts one more silo node (named after the silos started so far) and waits until it is ready.</summary>
    public async Task<ClusterNode> StartSiloAsync()
    {
        var name = $"silo{Silos.Count + 1}";
        var node = ClusterNode.Start(name, Locate("Pledge.Silo"), Environment(name, background: true));
        nodes.Add(node);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await node.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
        return node;
    }

    public string Logs() => string.Join("\n", nodes.Select(n => $"--- {n.Name} ---\n{n.Log()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes) node.Dispose();
        await Postgres.DisposeAsync();
    }

    private Dictionary<string, string> Environment(string node, bool background)
    {
        var environment = Defaults(node, background);
        foreach (var (key, value) in overrides) environment[key] = value;
        return environment;
    }

    private Dictionary<string, string> Defaults(string node, bool background) => new()
    {
        // The node's name in lease columns, so that tests can tell whose claims a row carries.
        ["Pledge__Host__NodeId"] = node,
        ["Pledge__Storage"] = "postgres",
        ["ConnectionStrings__Pledge"] = ConnectionString,
        ["Pledge__Auth__BootstrapKey"] = BootstrapKey,
        ["Pledge__Host__RunScheduler"] = background ? "true" : "false",
        ["Pledge__Host__RunReactionDispatcher"] = background ? "true" : "false",
        ["Pledge__Host__RunWebhookDispatcher"] = background ? "true" : "false",
        // Short leases so that a killed silo's claims are taken over within the test; quick webhook retries.
        ["Pledge__Host__LeaseDuration"] = "00:00:05",
        ["Pledge__Host__DeadlineLookahead"] = "00:00:02",
        ["Pledge__Host__WebhookFirstBackoff"] = "00:00:01",
        ["Pledge__Host__WebhookMaxBackoff"] = "00:00:02",
        ["Pledge__Host__AllowPrivateWebhookTargets"] = "true",
        ["Pledge__Limits__RequestsPerSecond"] = "100000",
        ["Pledge__Limits__Burst"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    // The api and silo builds are copied next to the tests (project references); a plain build keeps them in
    // their own output folders, which sit beside this one under the same artifacts root.
    internal static string Locate(string project)
    {
        var here = AppContext.BaseDirectory;
        var candidates = new[]
        {
            Path.Combine(here, project + ".dll"),
            Path.GetFullPath(Path.Combine(here, "..", "..", project, Path.GetFileName(Path.TrimEndingDirectorySeparator(here)), project + ".dll")),
        };
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"No runnable {project} build found; looked at {string.Join(", ", candidates)}.");
    }
}
