using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pledge.Faults.Tests;

/// <summary>
/// The PromQL in <c>deploy/</c> is read by no compiler: a metric renamed in the code, or misspelt in a panel or a
/// rule, leaves a graph empty or an alert that can never fire, and nothing says so. These tests read the files.
/// </summary>
public sealed partial class DeployFilesTests
{
    /// <summary>
    /// Series as Prometheus shows them (OpenTelemetry exporter: dots become underscores, counters end in _total,
    /// unit "s" adds _seconds, histograms split into _bucket/_sum/_count). Add a name here only when a process exports it.
    /// </summary>
    private static readonly HashSet<string> KnownSeries =
    [
        "up",
        "pledge_messages_received_total", "pledge_waits_opened_total", "pledge_waits_closed_total", "pledge_breaches_total",
        "pledge_deadlines_lateness_seconds_bucket", "pledge_deadlines_lateness_seconds_sum", "pledge_deadlines_lateness_seconds_count",
        "pledge_deadlines_fired_total", "pledge_claims_filed_total", "pledge_claims_decided_total", "pledge_noshows_total",
        "pledge_sanctions_total", "pledge_cases_status_changes_total", "pledge_webhooks_deliveries_total",
        "pledge_webhooks_failures_total", "pledge_webhooks_pending", "pledge_screening_findings_total", "pledge_commands_total",
        "orleans_catalog_activations",
        "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_sum", "http_server_request_duration_seconds_count",
    ];

    private static readonly string[] RequiredPanels =
    [
        "Breaches per tier", "Deadline lateness p50 / p99", "Ingest rate", "Grain activations per silo",
        "Webhook backlog and dead letters", "Claims filed / decided", "Sanctions", "No-shows", "Cases by status",
        "Screening findings", "HTTP p99 by route",
    ];

    [Fact]
    public void The_dashboard_has_the_operators_panels_each_querying_the_provisioned_prometheus()
    {
        var panels = Panels().ToList();
        var titles = panels.Select(p => p.GetProperty("title").GetString()).ToHashSet();
        foreach (var title in RequiredPanels)
            Assert.True(titles.Contains(title), $"the dashboard has a panel \"{title}\"");
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(Expressions(panel));
        }
    }

    [Fact]
    public void Dashboard_queries_name_only_exported_series()
    {
        foreach (var panel in Panels())
            foreach (var expression in Expressions(panel))
                AssertKnown(expression, $"panel \"{panel.GetProperty("title").GetString()}\"");
    }

    [Fact]
    public void Alert_rules_name_only_exported_series()
    {
        var rules = AlertExpressions(File.ReadAllLines(Repository.Deploy("prometheus", "alerts.yml"))).ToList();
        Assert.True(rules.Count >= 6, $"alerts.yml has its rules ({rules.Count} expressions found)");
        foreach (var expression in rules)
            AssertKnown(expression, "alerts.yml");
    }

    [Fact]
    public void Prometheus_scrapes_metrics_of_api_and_silo_and_loads_the_alerts()
    {
        // Comments hold the Kubernetes variant; only what Prometheus would read counts.
        var config = string.Join('\n', File.ReadAllLines(Repository.Deploy("prometheus", "prometheus.yml")).Where(l => !l.TrimStart().StartsWith('#')));
        Assert.Contains("- alerts.yml", config, StringComparison.Ordinal);
        var jobs = config.Split("- job_name:").Skip(1).ToDictionary(j => j.Split('\n')[0].Trim(), j => j);
        foreach (var job in new[] { "pledge-api", "pledge-silo" })
        {
            Assert.True(jobs.TryGetValue(job, out var block), $"prometheus.yml has a job {job}");
            Assert.Contains("metrics_path: /metrics", block, StringComparison.Ordinal);
            Assert.Contains("port: 8080", block, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_screenshot_script_pictures_panels_the_dashboard_has()
    {
        var script = File.ReadAllText(Repository.Deploy("prometheus", "screenshot.sh"));
        var panels = ScreenshotPanels().Match(script);
        Assert.True(panels.Success, "screenshot.sh names its panels in PLEDGE_SCREENSHOT_PANELS' default");
        var titles = Panels().Select(p => p.GetProperty("title").GetString()).ToHashSet();
        foreach (var title in panels.Groups["titles"].Value.Split('|'))
            Assert.True(titles.Contains(title), $"screenshot.sh pictures \"{title}\", which the dashboard has no panel of");
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le, kind) (rate(a_seconds_bucket{job=\"x\"}[5m]))) > 1", "a_seconds_bucket")]
    [InlineData("(sum by (t) (rate(b_total[5m])) > 0.05) unless on (t) (c <= 3 * sum(rate(b_total[1h] offset 5m)))", "b_total,c")]
    [InlineData("deriv(sum(d)[15m:1m]) > 0 and absent(up{job=~\"a|b\"} == 1)", "d,up")]
    public void The_metric_name_reader_finds_series_and_skips_functions_labels_and_keywords(string expression, string expected) =>
        Assert.Equal(expected.Split(','), SeriesIn(expression).Distinct().Order(StringComparer.Ordinal));

    private static void AssertKnown(string expression, string where)
    {
        var series = SeriesIn(expression).ToList();
        Assert.True(series.Count > 0, $"{where}: no series found in {expression}");
        foreach (var name in series)
            Assert.True(KnownSeries.Contains(name), $"{where} queries {name}, which no process exports: {expression}");
    }

    /// <summary>Metric names in a PromQL expression: identifiers left once strings, label matchers, ranges,
    /// grouping clauses, function calls and keywords are taken out.</summary>
    internal static IEnumerable<string> SeriesIn(string expression)
    {
        var text = Quoted().Replace(expression, "\"\"");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text).Select(m => m.Value).Where(v => !Keywords.Contains(v));
    }

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "offset", "bool"];

    private static IEnumerable<JsonElement> Panels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.Deploy("grafana", "dashboards", "pledge.json")));
        var panels = document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p])
            .Select(p => p.Clone()).ToList();
        return panels;
    }

    private static List<string> Expressions(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets)
            ? targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!).ToList()
            : [];

    /// <summary>The rules' expr values, plain (<c>expr: x</c>) or block scalars (<c>expr: &gt;-</c> and the lines indented under it).</summary>
    private static IEnumerable<string> AlertExpressions(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ExprLine().Match(lines[i]);
            if (!match.Success) continue;
            var value = match.Groups["value"].Value.Trim();
            if (value is ">-" or ">" or "|" or "|-")
            {
                var indent = match.Groups["indent"].Length;
                var block = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
                    block.Add(lines[++i].Trim());
                value = string.Join(' ', block);
            }
            yield return value;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    // Not after a word character, a dot or $ (durations, numbers, Grafana variables); not followed by "(" (functions).
    [GeneratedRegex(@"(?<![\w.$])[A-Za-z_:][\w:]*\b(?!\s*\()")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(?<indent>\s*)(?:-\s+)?expr:\s*(?<value>.*)$")]
    private static partial Regex ExprLine();

    [GeneratedRegex("PLEDGE_SCREENSHOT_PANELS:-\"(?<titles>[^\"]+)\"")]
    private static partial Regex ScreenshotPanels();
}
