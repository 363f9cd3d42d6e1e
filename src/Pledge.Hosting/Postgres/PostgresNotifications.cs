using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pledge.Hosting.Internal;

namespace Pledge.Hosting.Postgres;

/// <summary>
/// Wakes background services on every node when commits added work for them (near deadlines, reactions, events).
/// This node's services are woken at once; other nodes through NOTIFY, sent after the commit by one coalescing sender
/// — never inside the data transaction, because NOTIFY holds a database-wide lock through commit and would serialise
/// every writer. LISTENs on a dedicated connection; after losing it, it wakes everyone once, since notifications may
/// have been missed (polling covers the rest).
/// </summary>
public sealed class PostgresNotifications(NpgsqlDataSource dataSource, ILogger<PostgresNotifications> logger) : BackgroundService
{
    internal const int DeadlinesFlag = 1;
    internal const int ReactionsFlag = 2;
    internal const int EventsFlag = 4;

    private readonly SemaphoreSlim kick = new(0);
    private readonly CancellationTokenSource stopping = new();
    private int pending;
    private int senderStarted;

    internal const string DeadlinesChannel = "pledge_deadlines";
    internal const string ReactionsChannel = "pledge_reactions";
    internal const string EventsChannel = "pledge_events";

    internal ChangeSignal Deadlines { get; } = new();

    internal ChangeSignal Reactions { get; } = new();

    internal ChangeSignal Events { get; } = new();

    /// <summary>Wakes this node's services now and the other nodes' soon after.</summary>
    internal void Publish(int flags)
    {
        if (flags == 0) return;
        if ((flags & DeadlinesFlag) != 0) Deadlines.Notify();
        if ((flags & ReactionsFlag) != 0) Reactions.Notify();
        if ((flags & EventsFlag) != 0) Events.Notify();
        if ((Interlocked.Or(ref pending, flags) & flags) == flags) return;
        if (Interlocked.Exchange(ref senderStarted, 1) == 0) _ = Task.Run(SendAsync);
        kick.Release();
    }

    private async Task SendAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await kick.WaitAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var flags = Interlocked.Exchange(ref pending, 0);
            if (flags == 0) continue;
            var channels = new List<string>(3);
            if ((flags & DeadlinesFlag) != 0) channels.Add(DeadlinesChannel);
            if ((flags & ReactionsFlag) != 0) channels.Add(ReactionsChannel);
            if ((flags & EventsFlag) != 0) channels.Add(EventsChannel);
            try
            {
                await using var command = dataSource.CreateCommand("SELECT " + string.Join(", ", channels.Select(c => $"pg_notify('{c}', '')")));
                await command.ExecuteNonQueryAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Sending a wake-up notification failed; other nodes find the work by polling.");
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        stopping.Cancel();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    switch (e.Channel)
                    {
                        case DeadlinesChannel: Deadlines.Notify(); break;
                        case ReactionsChannel: Reactions.Notify(); break;
                        case EventsChannel: Events.Notify(); break;
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {DeadlinesChannel}; LISTEN {ReactionsChannel}; LISTEN {EventsChannel};", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                WakeAll();
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for PostgreSQL notifications failed; reconnecting.");
                WakeAll();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void WakeAll()
    {
        Deadlines.Notify();
        Reactions.Notify();
        Events.Notify();
    }
}
