using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pledge.Testing;

namespace Pledge.Bench;

/// <summary>
/// The real API (api/Pledge.Api.csproj, copied next to this program by the project reference) as a child process on a
/// loopback port: the node whose throughput, latency and memory are measured, apart from the load generator.
/// </summary>
internal sealed class ApiNode : IAsyncDisposable
{
    public const string OperatorKey = "bench-operator-key-0123456789abcdef";

    private readonly Process process;
    private readonly Queue<string> tail = new();

    private ApiNode(Process process, int port, long startedAt)
    {
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        StartedAt = startedAt;
    }

    public Uri BaseAddress { get; }

    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long StartedAt { get; }

    /// <summary>From process start to the first successful <c>/health/ready</c>.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public int ProcessId => process.Id;

    /// <summary>Starts a node on <paramref name="storage"/> (<c>memory</c> or <c>postgres</c>) and waits until it is ready.</summary>
    public static async Task<ApiNode> StartAsync(string storage, string? connectionString, TimeSpan readyTimeout)
    {
        var directory = AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "Pledge.Api.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("The API is not next to the benchmark; build tests/Pledge.Bench (it references api/Pledge.Api.csproj).", dll);
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "Pledge.Api.exe" : "Pledge.Api");
        var start = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { dll } };
        start.WorkingDirectory = directory;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var port = Loopback.FreePort();
        var environment = start.Environment;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Pledge__Storage"] = storage;
        environment["Pledge__Auth__BootstrapKey"] = OperatorKey;
        // The benchmark is one key pushing as hard as it can: the per-key limit would measure the limiter.
        environment["Pledge__Limits__RequestsPerSecond"] = "1000000";
        environment["Pledge__Limits__Burst"] = "1000000";
        if (connectionString is not null)
            environment["ConnectionStrings__Pledge"] = connectionString;

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
        var node = new ApiNode(process, port, startedAt);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitReadyAsync(readyTimeout);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident set size now (VmRSS).</summary>
    public long RssBytes() => ReadStatus("VmRSS:");

    /// <summary>Highest resident set size so far (VmHWM).</summary>
    public long PeakRssBytes() => ReadStatus("VmHWM:");

    public string Tail()
    {
        lock (tail) return string.Join(Environment.NewLine, tail);
    }

    /// <summary>Stops the node the way an orchestrator does (SIGTERM, then a grace period).</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString() }, UseShellExecute = false }))
            if (kill is not null) await kill.WaitForExitAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The API exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{Tail()}");
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ReadyAfter = Stopwatch.GetElapsedTime(StartedAt);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The API was not ready after {timeout.TotalSeconds:0} s:{Environment.NewLine}{Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > 40) tail.Dequeue();
        }
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"/proc/{process.Id}/status has no {field}");
    }

}
