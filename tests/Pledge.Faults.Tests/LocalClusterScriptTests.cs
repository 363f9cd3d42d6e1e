using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Pledge.Faults.Tests;

/// <summary>
/// <c>deploy/local-cluster.sh</c> starts PostgreSQL, Orleans silos (each on its own silo and gateway port) and api
/// nodes that serve through them, and stops all of them on exit.
/// </summary>
public sealed class LocalClusterScriptTests
{
    [Fact(Timeout = 180_000)]
    public async Task The_script_starts_a_serving_cluster_and_stops_every_process_on_exit()
    {
        var (apiDll, siloDll) = (TestCluster.Locate("Pledge.Api"), TestCluster.Locate("Pledge.Silo"));
        var script = Repository.Deploy("local-cluster.sh");
        var state = Path.Combine(Path.GetTempPath(), $"pledge-cluster-state-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--api", "1", "--silo", "1", "--api-dll", apiDll, "--silo-dll", siloDll, "--state", state })
            start.ArgumentList.Add(argument);
        using var cluster = Process.Start(start)!;
        var errors = cluster.StandardError.ReadToEndAsync();
        try
        {
            for (var i = 0; i < 900 && !File.Exists(state) && !cluster.HasExited; i++) await Task.Delay(100);
            Assert.True(File.Exists(state), "the script wrote no state file: " + (cluster.HasExited ? await errors : "still starting"));
            var values = (await File.ReadAllLinesAsync(state)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));

            foreach (var key in new[] { "API_URLS", "SILO_URLS", "API_PIDS", "SILO_PIDS", "SILO_PORTS", "GATEWAY_PORTS", "CLUSTER_ID", "CONNECTION_STRING", "BOOTSTRAP_KEY", "CLUSTER_DIR" })
                Assert.True(values.ContainsKey(key), $"the state file has {key}");
            // The README's session and deploy/prometheus/local.sh source the file: bash must read every value back whole
            // (the connection string's `;` would otherwise end the assignment).
            var source = new ProcessStartInfo("bash", ["-c", "set -eu; . \"$1\"; printf '%s|%s' \"$CONNECTION_STRING\" \"$SILO_URLS\"", "bash", state])
                { UseShellExecute = false, RedirectStandardOutput = true };
            using (var sourced = Process.Start(source)!)
            {
                var output = await sourced.StandardOutput.ReadToEndAsync();
                await sourced.WaitForExitAsync();
                Assert.Equal($"{values["CONNECTION_STRING"]}|{values["SILO_URLS"]}", output);
            }
            var siloPort = int.Parse(values["SILO_PORTS"], System.Globalization.CultureInfo.InvariantCulture);
            var gatewayPort = int.Parse(values["GATEWAY_PORTS"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotEqual(siloPort, gatewayPort);
            // The silo joined the cluster the script named, on the ports it wrote down.
            var rows = await Database.MembershipAsync(values["CONNECTION_STRING"], values["CLUSTER_ID"]);
            Assert.Contains(rows, r => r.Port == siloPort && r.ProxyPort == gatewayPort && r.Address == "127.0.0.1" && r.Status == Database.SiloStatus.Active);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.True((await http.GetAsync(values["API_URLS"] + "/health/ready")).IsSuccessStatusCode);
            Assert.True((await http.GetAsync(values["SILO_URLS"] + "/health/ready")).IsSuccessStatusCode);
            // Both kinds of node serve Prometheus: the silo its Orleans runtime, the api its HTTP server.
            Assert.Contains("orleans_", await http.GetStringAsync(values["SILO_URLS"] + "/metrics"));
            Assert.Contains("# TYPE ", await http.GetStringAsync(values["API_URLS"] + "/metrics"));
            using var create = new HttpRequestMessage(HttpMethod.Post, values["API_URLS"] + "/v1/tenants") { Content = JsonContent.Create(new { id = "script-check" }) };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", values["BOOTSTRAP_KEY"]);
            Assert.Equal(System.Net.HttpStatusCode.Created, (await http.SendAsync(create)).StatusCode);

            // SIGTERM, as Ctrl-C or a supervisor would send.
            using (var kill = Process.Start("kill", ["-TERM", cluster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await cluster.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            foreach (var pid in (values["API_PIDS"] + " " + values["SILO_PIDS"]).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
                Assert.False(IsRunning(pid), $"node process {pid} survived the script");
            Assert.False(Directory.Exists(values["CLUSTER_DIR"]), "the cluster's temporary directory was removed");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(values["API_URLS"] + "/health/live"));
        }
        finally
        {
            if (!cluster.HasExited) cluster.Kill(entireProcessTree: true);
            File.Delete(state);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
