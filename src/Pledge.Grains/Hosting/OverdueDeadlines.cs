using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Pledge.Abstractions;
using Pledge.Grains.Entities;

namespace Pledge.Grains.Hosting;

/// <summary>
/// Wakes the entities whose deadline reminder fell due while no silo held it. Orleans fires such a reminder only at
/// its next period boundary (up to a minute late), and nothing else activates an idle entity; so when this silo
/// starts, and whenever the cluster declares a silo dead (<see cref="OverdueWakeSchedule"/>), the reminders already
/// due are read from the reminder table and their grains asked to fire at once. Firing is idempotent, so every silo
/// doing this is harmless.
/// </summary>
public sealed class OverdueDeadlines(
    IClusterMembershipService membership,
    IGrainFactory grains,
    NpgsqlDataSource database,
    IOptions<ClusterOptions> cluster,
    IOptions<ReminderOptions> reminders,
    TimeProvider clock,
    ILogger<OverdueDeadlines> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int Page = 1000;
    // Each wake reads the entity and writes it back; more at once would take the connections the grains' own
    // commands and Orleans' reminder service need (a start on 100,000 overdue exhausted the pool at 64).
    private const int Parallelism = 16;
    // A silo is often declared dead while the database is out too (both may have gone with one machine): the wake is
    // then retried, since the reminder service picks up the dead silo's reminders only at its next refresh.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource stopping = new();
    private Task watching = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OverdueDeadlines), ServiceLifecycleStage.Active, _ =>
        {
            watching = Task.Run(() => WatchAsync(stopping.Token));
            return Task.CompletedTask;
        }, async _ =>
        {
            await stopping.CancelAsync();
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });

    /// <summary>Asks every entity whose deadline reminder is due to fire; returns how many deadlines fired.</summary>
    public async Task<int> WakeDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        string? after = null;
        var now = clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await DueGrainsAsync(now, after, cancellationToken);
            if (page.Count == 0) break;
            after = page[^1];
            await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (grainId, _) =>
            {
                try
                {
                    Interlocked.Add(ref fired, await grains.GetGrain(GrainId.Parse(grainId)).AsReference<IEntityGrain>().WakeAsync());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Its reminder still stands and fires it at the next period.
                    logger.LogWarning(e, "Waking {Grain} for its overdue deadline failed.", grainId);
                }
            });
            if (page.Count < Page) break;
        }
        return fired;
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var schedule = new OverdueWakeSchedule(async (reason, ct) =>
        {
            var fired = await WakeDueRetryingAsync(reason, ct);
            if (fired > 0)
                logger.LogInformation("Fired {Count} overdue deadlines ({Reason}).", fired, reason);
        }, reminders.Value.RefreshReminderListPeriod, clock);
        try
        {
            await schedule.RunAsync(membership.MembershipUpdates, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Watching for overdue deadlines stopped; reminders still fire them at their next period.");
        }
    }

    private async Task<int> WakeDueRetryingAsync(string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WakeDueAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reading the overdue deadlines ({Reason}) failed, attempt {Attempt}; retrying in {Delay}.", reason, attempt, RetryDelay);
                await Task.Delay(RetryDelay, clock, cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<string>> DueGrainsAsync(DateTimeOffset now, string? after, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT grainid FROM orleansreminderstable
            WHERE serviceid = $1 AND remindername = $2 AND starttime <= $3 AND ($4::text IS NULL OR grainid > $4)
            ORDER BY grainid LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = EntityGrainBase.ReminderName });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Page });
        var ids = new List<string>(Page);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetString(0));
        return ids;
    }
}

public static class OverdueDeadlinesExtensions
{
    /// <summary>Durable configuration only: the reminder table is read from PostgreSQL.</summary>
    public static ISiloBuilder AddOverdueDeadlineWakeUp(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<OverdueDeadlines>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<OverdueDeadlines>());
        return silo;
    }
}
