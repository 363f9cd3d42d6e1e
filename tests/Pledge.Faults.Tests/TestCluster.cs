using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pledge.Testing;

namespace Pledge.Faults.Tests;

/// <summary>
/// A throwaway PostgreSQL plus Orleans silo processes and api processes (Orleans clients) on loopback ports. Silos
/// host every grain with its reminders and send the webhooks; each has its own silo and gateway port on 127.0.0.1 and
/// they share one cluster id, membership, grain state and reminders living in PostgreSQL. Api nodes serve the REST API
/// and reach the silos through the gateways they find in the membership table. Disposing kills every process and
/// removes the server.
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

    /// <summary>The Orleans cluster id every node of this cluster shares (<c>Pledge__Cluster__ClusterId</c>).</summary>
    public string ClusterId { get; } = "faults-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<ClusterNode> Apis => nodes.Where(n => n.Name.StartsWith("api", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<ClusterNode> Silos => nodes.Where(n => n.Name.StartsWith("silo", StringComparison.Ordinal)).ToList();

    /// <param name="environment">Settings for every node of this cluster, over the defaults (e.g. <c>Pledge__Host__WebhookTimeout</c>).</param>
    public static async Task<TestCluster> StartAsync(int apis, int silos, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var postgres = await PostgresServer.StartAsync();
        TestCluster? cluster = null;
        try
        {
            cluster = new TestCluster(postgres, await postgres.CreateDatabaseAsync("pledge"), environment);
            var apiDll = Locate("Pledge.Api");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            // Silos first: the first one migrates the schema (ours and Orleans' tables) and founds the cluster alone,
            // the others join it together; then the api nodes, which find the gateways in the membership table.
            await cluster.StartSiloAsync();
            var joining = new List<ClusterNode>();
            for (var i = 2; i <= silos; i++) joining.Add(cluster.LaunchSilo());
            foreach (var node in joining) await node.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
            var starting = new List<ClusterNode>();
            for (var i = 1; i <= apis; i++)
            {
                var node = ClusterNode.Start($"api{i}", apiDll, cluster.Environment());
                cluster.nodes.Add(node);
                starting.Add(node);
            }
            foreach (var node in starting) await node.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
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

    /// <summary>Starts one more silo node (named after the silos started so far, on fresh ports) and waits until it is ready.</summary>
    public async Task<ClusterNode> StartSiloAsync()
    {
        var node = LaunchSilo();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await node.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
        return node;
    }

    private ClusterNode LaunchSilo()
    {
        var name = $"silo{Silos.Count + 1}";
        var node = ClusterNode.Start(name, Locate("Pledge.Silo"), Environment(), (Loopback.FreePort(), Loopback.FreePort()));
        nodes.Add(node);
        return node;
    }

    public string Logs() => string.Join("\n", nodes.Select(n => $"--- {n.Name} ---\n{n.Log()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes) node.Dispose();
        await Postgres.DisposeAsync();
    }

    private Dictionary<string, string> Environment()
    {
        var environment = Defaults();
        foreach (var (key, value) in overrides) environment[key] = value;
        return environment;
    }

    private Dictionary<string, string> Defaults() => new()
    {
        ["Pledge__Storage"] = "postgres",
        ["ConnectionStrings__Pledge"] = ConnectionString,
        ["Pledge__Auth__BootstrapKey"] = BootstrapKey,
        ["Pledge__Cluster__ClusterId"] = ClusterId,
        ["Pledge__Cluster__ServiceId"] = "pledge-faults",
        // Quick webhook retries (sent by the tenants' webhook grains on the silos) to the loopback receiver.
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
