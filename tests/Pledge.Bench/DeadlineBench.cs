using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Hosting;
using Pledge.Hosting.Postgres;
using Pledge.Service;

namespace Pledge.Bench;

/// <summary>What step 4 measured on one host: lateness of each deadline committed after its due time.</summary>
internal sealed record DeadlineResult(int Expected, int Fired, Percentiles Lateness, int CreatedLate)
{
    public bool Complete => Fired == Expected;
}

/// <summary>
/// Step 4: conversations whose open waits fall due evenly over the span, on the host in process: made through the host
/// API (in memory) or written to its tables by COPY before it starts (PostgreSQL; see <see cref="ConversationLoader"/>). Lateness
/// is the host's own measure (the <c>pledge.deadlines.lateness</c> histogram of meter <c>Pledge.Hosting</c>: from
/// the due time to the commit of the breach), collected sample by sample with a <see cref="MeterListener"/>.
/// </summary>
internal static class DeadlineBench
{
    // Long enough that a message backdated by it stays in the past while it is sent; the due times come from `at`.
    private static readonly TimeSpan Tier = TimeSpan.FromMinutes(10);

    private static readonly ConversationPolicy Policy = new(
        "bench-deadline", 1, [Tier], ImmutableSortedDictionary<TimeSpan, int>.Empty, null,
        ConversationPolicy.DefaultResponseRateWindow, MaxBackdate: TimeSpan.FromDays(1));

    public static async Task<DeadlineResult> RunAsync(string label, string storage, string? connectionString, BenchSettings settings)
    {
        var lateness = new ConcurrentQueue<double>();
        var others = new ConcurrentDictionary<string, int>();
        using var listener = Listen(lateness, others);
        var count = settings.Deadlines;
        var step = settings.DeadlineSpan.Ticks / count;
        DateTimeOffset DueAt(DateTimeOffset first, int i) => ConversationDecider.ToMicroseconds(first.AddTicks(step * i));
        DateTimeOffset first;
        var createdLate = 0;
        InProcessHost node;
        if (connectionString is null)
        {
            node = await InProcessHost.StartAsync(storage, connectionString);
            (first, createdLate) = await CreateAsync(label, node.Entities, count, DueAt, settings);
        }
        else
        {
            // Two commands per conversation would take minutes here; the table is the scheduler's truth either way.
            await using (var dataSource = NpgsqlDataSource.Create(connectionString))
                await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();
            first = ConversationDecider.ToMicroseconds(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(settings.Quick ? 8 : 30));
            var loading = Stopwatch.GetTimestamp();
            await ConversationLoader.LoadAsync(connectionString, "deadlines", "d-", 0, count, Policy, i => DueAt(first, i) - Tier - ConversationPolicy.Precision);
            node = await InProcessHost.StartAsync(storage, connectionString);
            Report.Line($"{label}: loaded {count:N0} waiting conversations by COPY in {Stopwatch.GetElapsedTime(loading).TotalSeconds:0.0} s and started the host; " +
                $"first deadline due in {(first - DateTimeOffset.UtcNow).TotalSeconds:0.0} s, the last {settings.DeadlineSpan.TotalSeconds:0} s later");
        }
        await using (node)
        {
            var giveUp = first + settings.DeadlineSpan + TimeSpan.FromSeconds(settings.Quick ? 15 : 60);
            while (lateness.Count < count && DateTimeOffset.UtcNow < giveUp)
                await Task.Delay(200);
        }
        var result = new DeadlineResult(count, lateness.Count, new Percentiles(lateness), createdLate);
        Report.Line($"{label}: {result.Fired:N0} of {result.Expected:N0} deadlines fired; lateness {result.Lateness.Describe()}; " +
            $"{lateness.Count(l => l < 0):N0} committed before their due time"
            + (others.IsEmpty ? "" : $"; other outcomes: {string.Join(", ", others.Select(o => $"{o.Key} {o.Value}"))}"));
        return result;
    }

    /// <summary>Opens the conversations, then sends each its message so that its deadline falls due at <paramref name="dueAt"/>(first, i).</summary>
    private static async Task<(DateTimeOffset First, int CreatedLate)> CreateAsync(
        string label, IEntityHost host, int count, Func<DateTimeOffset, int, DateTimeOffset> dueAt, BenchSettings settings)
    {
        const string tenant = "deadlines";
        var keys = Enumerable.Range(0, count).Select(i => $"d-{i:D7}").ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency };

        // Opening first tells how fast this host takes commands, hence how far ahead the due times must start.
        var opening = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(keys, parallel, async (key, ct) =>
            Check(await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, key), new ConversationCommand.Open(Policy, null, null), null, ct)));
        var openTime = Stopwatch.GetElapsedTime(opening);
        // Sending the messages costs about what opening did; the rest is a margin for the shared machine's hiccups.
        var lead = TimeSpan.FromSeconds(Math.Max(3, openTime.TotalSeconds * 2.5 + 3));
        var first = ConversationDecider.ToMicroseconds(DateTimeOffset.UtcNow + lead);

        var createdLate = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, ct) =>
        {
            var due = dueAt(first, i);
            var message = new ConversationCommand.ReceiveMessage("m1", Party.Customer, "customer", "Where is my order?", due - Tier - ConversationPolicy.Precision);
            Check(await host.SendAsync(PledgeCatalog.Conversation, new EntityId(tenant, keys[i]), message, "message:m1", ct));
            if (DateTimeOffset.UtcNow > due) Interlocked.Increment(ref createdLate);
        });
        Report.Line($"{label}: opened {count:N0} conversations in {openTime.TotalSeconds:0.0} s, then sent each a message; " +
            $"first deadline due {(first - DateTimeOffset.UtcNow).TotalSeconds:0.0} s later, the last {settings.DeadlineSpan.TotalSeconds:0} s after it " +
            $"({createdLate} waits committed after their own due time)");
        return (first, createdLate);
    }

    private static MeterListener Listen(ConcurrentQueue<double> lateness, ConcurrentDictionary<string, int> others)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HostingMetrics.MeterName && instrument.Name is "pledge.deadlines.lateness" or "pledge.deadlines.fired")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lateness.Enqueue(value));
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "outcome" && tag.Value is string outcome && outcome != "fired")
                    others.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        });
        listener.Start();
        return listener;
    }

    private static void Check(CommandResult<ConversationState, ConversationEvent> result)
    {
        if (result.Rejection is { } rejection)
            throw new InvalidOperationException($"The host refused a setup command: {rejection.Code}: {rejection.Message}");
    }
}
