using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Pledge.Testing;

/// <summary>How a throwaway server runs. Tests keep fsync off for speed; benchmarks measuring durability turn it on.</summary>
public sealed record PostgresServerOptions
{
    public bool Fsync { get; init; }

    public int MaxConnections { get; init; } = 300;

    /// <summary>Extra <c>-c name=value</c> settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A throwaway PostgreSQL server on a free loopback port, in a temporary data directory that is removed on dispose.
/// Binaries come from <c>PLEDGE_PG_BINDIR</c>, else <c>pg_config --bindir</c>, else <c>/usr/lib/postgresql/*/bin</c>.
/// As root the server runs as the <c>postgres</c> system user (PostgreSQL refuses root). Missing binaries fail loudly.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lock SharedGate = new();
    private static Task<PostgresServer>? shared;

    private readonly string binDir;
    private readonly string root;
    private readonly string dataDir;
    private readonly string socketDir;
    private readonly bool asPostgresUser;
    private readonly PostgresServerOptions options;
    private int disposed;

    private PostgresServer(string binDir, string root, int port, bool asPostgresUser, PostgresServerOptions options)
    {
        this.binDir = binDir;
        this.root = root;
        dataDir = Path.Combine(root, "data");
        socketDir = Path.Combine(root, "sock");
        Port = port;
        this.asPostgresUser = asPostgresUser;
        this.options = options;
    }

    public int Port { get; }

    /// <summary>One server for the whole test run (started on first use, stopped when the process exits).</summary>
    public static Task<PostgresServer> SharedAsync()
    {
        lock (SharedGate)
        {
            if (shared is null)
            {
                shared = StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    if (shared.IsCompletedSuccessfully) shared.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
                };
            }
            return shared;
        }
    }

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null)
    {
        options ??= new PostgresServerOptions();
        var binDir = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        SweepLeftovers();
        var root = Directory.CreateTempSubdirectory("pledge-pg-").FullName;
        var server = new PostgresServer(binDir, root, Loopback.FreePort(), asPostgresUser, options);
        try
        {
            Directory.CreateDirectory(server.socketDir);
            if (asPostgresUser)
                await RunAsync("chown", ["-R", "postgres:postgres", root]).ConfigureAwait(false);
            await server.RunToolAsync("initdb", ["-D", server.dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]).ConfigureAwait(false);
            await server.StartServerAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> over loopback TCP.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 100,
        }.ConnectionString;

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: connections are cut), keeping its data.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w"]);

    /// <summary>Starts a stopped server again on the same port and data.</summary>
    public Task StartServerAsync()
    {
        var settings = new StringBuilder($"-p {Port} -k {socketDir} -c listen_addresses=127.0.0.1 -c max_connections={options.MaxConnections}");
        if (!options.Fsync) settings.Append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        foreach (var (name, value) in options.Settings) settings.Append($" -c {name}={value}");
        return RunToolAsync("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-l", Path.Combine(root, "server.log"), "-o", settings.ToString()]);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        try
        {
            if (File.Exists(Path.Combine(dataDir, "postmaster.pid")))
                await RunToolAsync("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w"]).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone; the directory goes below either way.
        }
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // A test host may be killed before its exit handler removed its directory: remove stopped servers' leftovers.
    private static void SweepLeftovers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "pledge-pg-*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(dir, "data", "postmaster.pid")) && Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddMinutes(-10))
                    Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private Task RunToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(binDir, tool);
        return asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl's server inherits the pipes: read them only until the tool itself exits.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(1000)).ConfigureAwait(false);
            var output = Tail(stdout) + Tail(stderr);
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}. {output}");
        }
    }

    private static string Tail(Task<string> output) => output.IsCompletedSuccessfully ? output.Result[^Math.Min(2000, output.Result.Length)..] : "";

    private static string FindBinaries()
    {
        static bool Usable(string? dir) => dir is not null && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        var fromEnv = Environment.GetEnvironmentVariable("PLEDGE_PG_BINDIR");
        if (!string.IsNullOrEmpty(fromEnv))
            return Usable(fromEnv) ? fromEnv : throw new InvalidOperationException($"PLEDGE_PG_BINDIR={fromEnv} holds no initdb/pg_ctl.");
        var fromPgConfig = PgConfigBinDir();
        if (Usable(fromPgConfig)) return fromPgConfig!;
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Usable)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (installed is not null) return installed;

        var required = Environment.GetEnvironmentVariable("PLEDGE_REQUIRE_POSTGRES") == "1";
        throw new InvalidOperationException(
            (required ? "PLEDGE_REQUIRE_POSTGRES=1 but the PostgreSQL server binaries were not found. " : "The PostgreSQL tests need the PostgreSQL server binaries, which were not found. ")
            + "Install them (Debian/Ubuntu: `apt-get install postgresql`; `bash .ci/run` does this) or point PLEDGE_PG_BINDIR at the directory holding initdb and pg_ctl.");
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

}
