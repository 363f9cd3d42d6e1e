using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pledge.Testing;

namespace Pledge.Faults.Tests;

/// <summary>
/// One api or silo process of the test cluster (<c>dotnet Pledge.Api.dll</c> / <c>Pledge.Silo.dll</c>) on a loopback
/// HTTP port; a silo also has its own Orleans silo and gateway ports on 127.0.0.1.
/// </summary>
public sealed class ClusterNode : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ClusterNode(string name, string url, Process process, int? siloPort, int? gatewayPort)
    {
        Name = name;
        Url = url;
        this.process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public string Name { get; }

    public string Url { get; }

    public bool HasExited => process.HasExited;

    public int Port => new Uri(Url).Port;

    /// <summary>The Orleans silo-to-silo port (the <c>port</c> of its row in <c>orleansmembershiptable</c>); null for an api.</summary>
    public int? SiloPort { get; }

    /// <summary>The Orleans gateway port that api nodes (clients) connect to; null for an api.</summary>
    public int? GatewayPort { get; }

    public int ProcessId => process.Id;

    /// <param name="siloPorts">For a silo: its Orleans silo and gateway ports, passed as <c>Pledge__Silo__SiloPort</c> and <c>Pledge__Silo__GatewayPort</c>.</param>
    public static ClusterNode Start(string name, string dll, IReadOnlyDictionary<string, string> environment, (int Silo, int Gateway)? siloPorts = null)
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (siloPorts is { } ports)
        {
            start.Environment["Pledge__Silo__SiloPort"] = ports.Silo.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Pledge__Silo__GatewayPort"] = ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Pledge__Silo__AdvertisedAddress"] = "127.0.0.1";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var node = new ClusterNode(name, url, process, siloPorts?.Silo, siloPorts?.Gateway);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} during start:\n{Log()}");
            try
            {
                using var response = await http.GetAsync($"{Url}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} not ready after {timeout}:\n{Log()}");
    }

    /// <summary>kill -9: no shutdown hooks, no draining; the cluster learns of it only when its probes go unanswered.</summary>
    public void KillHard()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: an api drains its requests, a silo leaves the cluster and hands its grains over.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {process.Id} failed with {kill.ExitCode}.");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}:\n{Log()}");
        }
        return process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        Terminate();
        return WaitForExitAsync(timeout);
    }

    public string Log() => string.Join('\n', output);

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException) { }
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > KeptLines && output.TryDequeue(out _)) { }
        // Failures and the lines that explain them are kept apart: a busy node's warnings would push them out of the tail.
        if (line.StartsWith("fail:", StringComparison.Ordinal)) failureLines = 8;
        if (failureLines > 0 && failures.Count < KeptLines)
        {
            failureLines--;
            failures.Enqueue(line);
        }
    }

    private readonly ConcurrentQueue<string> failures = new();
    private int failureLines;

    /// <summary>Each line the node logged at error level or above, with the few lines after it (the exception).</summary>
    public IReadOnlyCollection<string> Failures => failures;

}
