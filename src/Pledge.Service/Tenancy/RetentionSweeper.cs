using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pledge.Hosting;

namespace Pledge.Service.Tenancy;

/// <summary>Runs the retention sweep on every silo, once at start and then every <see cref="PledgeHostOptions.RetentionSweepInterval"/> (each entity redacts its own log; a second silo sweeping finds nothing left).</summary>
public sealed class RetentionSweeper(RetentionService retention, TimeProvider clock, IOptions<PledgeHostOptions> options, ILogger<RetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, clock);
        do
        {
            try
            {
                await retention.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The retention sweep failed; it runs again in {Interval}.", options.Value.RetentionSweepInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
