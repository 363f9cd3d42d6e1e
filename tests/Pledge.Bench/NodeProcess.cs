using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pledge.Bench;

/// <summary>
/// A product process (the API or the silo, copied next to this program by its project reference) started as a
/// child on loopback: the node whose throughput and memory are measured apart from the load generator. It is ready
/// when its <c>/health/ready</c> answers 200 and, for a silo, when its gateway port accepts connections.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> tail = new();
    private readonly string name;

    private NodeProcess(string name, Process process, int httpPort, long startedAt)
    {
        this.name = name;
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/");
        StartedAt = startedAt;
    }

    public Uri BaseAddress { get; }

    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long StartedAt { get; }

    /// <summary>From process start to ready.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>
    /// Starts <paramref name="assembly"/> (e.g. <c>Pledge.Api</c>) from this program's folder with
    /// <paramref name="environment"/> and waits until it is ready (and, when given, <paramref name="gatewayPort"/> listens).
    /// </summary>
    public static async Task<NodeProcess> StartAsync(
        string name, string assembly, IReadOnlyDictionary<string, string> environment, TimeSpan readyTimeout, int? gatewayPort = null, IEnumerable<string>? arguments = null)
    {
        var directory = AppContext.BaseDirectory;
        var dll = Path.Combine(directory, assembly + ".dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{assembly} is not next to the benchmark; build tests/Pledge.Bench (it references the project).", dll);
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { dll } };
        foreach (var a in arguments ?? []) start.ArgumentList.Add(a);
        start.WorkingDirectory = directory;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var httpPort = Pledge.Testing.Loopback.FreePort();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var node = new NodeProcess(name, process, httpPort, startedAt);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitReadyAsync(readyTimeout, gatewayPort);
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

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Tail()
    {
        lock (tail) return string.Join(Environment.NewLine, tail);
    }

    /// <summary>Stops the node the way an orchestrator does (SIGTERM, then a grace period).</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString() }, UseShellExecute = false }))
            if (kill is not null) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Kills the node without warning (SIGKILL), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
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

    private async Task WaitReadyAsync(TimeSpan timeout, int? gatewayPort)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var healthy = false;
        var healthyAt = 0L;
        var lastStatus = "no answer";
        while (Stopwatch.GetTimestamp() < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} before it was ready; its last lines:{Environment.NewLine}{Tail()}");
            try
            {
                if (!healthy)
                {
                    using var response = await http.GetAsync("health/ready");
                    lastStatus = $"/health/ready answered {(int)response.StatusCode}";
                    healthy = response.StatusCode == HttpStatusCode.OK;
                    if (healthy) healthyAt = Stopwatch.GetTimestamp();
                }
                if (healthy && (gatewayPort is not { } port || await ListensAsync(port)))
                {
                    ReadyAfter = Stopwatch.GetElapsedTime(StartedAt);
                    return;
                }
                if (healthy)
                {
                    lastStatus = $"/health/ready answered 200 but nothing listens on its Orleans gateway port {gatewayPort}";
                    // A silo opens its gateway before it reports ready; one that has not within this long is no silo.
                    if (Stopwatch.GetElapsedTime(healthyAt) > TimeSpan.FromSeconds(20)) break;
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
            await Task.Delay(100);
        }
        throw new TimeoutException($"{name} was not ready after {Stopwatch.GetElapsedTime(StartedAt).TotalSeconds:0} s ({lastStatus}); its last lines:{Environment.NewLine}{Tail()}");
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > 60) tail.Dequeue();
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
