using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pledge.Hosting.Postgres;

namespace Pledge.Service.Hosting;

/// <summary>The one PostgreSQL database of the durable configuration: its connection string and its schema.</summary>
public static class PledgeDatabase
{
    /// <summary>The ADO.NET invariant Orleans' AdoNet providers load Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// <c>ConnectionStrings:Pledge</c>, with the settings that doubled Orleans' grain-write rate here unless the
    /// operator chose otherwise: no connection reset on return to the pool, and auto-prepared statements; and a
    /// 30 s wait for a pooled connection.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is missing or malformed (the message says which).</exception>
    public static string ConnectionString(IConfiguration configuration)
    {
        var raw = configuration.GetConnectionString("Pledge") ?? configuration["Pledge:Postgres:ConnectionString"];
        if (string.IsNullOrWhiteSpace(raw))
            throw new InvalidOperationException("Pledge:Storage=postgres needs ConnectionStrings:Pledge (env ConnectionStrings__Pledge).");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(raw);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:Pledge is not a valid PostgreSQL connection string: {e.Message}", e);
        }
        if (!raw.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (!raw.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 20;
        // A silo starting on many overdue reminders activates their grains in bursts that queue for pooled
        // connections; failing a wait after 5 s turned such a burst into a storm of failed activations, each logged
        // and retried. A database that is down still fails at once (the connection is refused).
        if (builder.Timeout == 15) builder.Timeout = 30;
        builder.ApplicationName ??= "pledge";
        return builder.ConnectionString;
    }

    /// <summary>Applies the schema (ours and Orleans' tables) before the silo or client starts: membership needs its tables.</summary>
    public static async Task MigrateAsync(string connectionString, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new PostgresMigrator(dataSource, (loggers ?? NullLoggerFactory.Instance).CreateLogger<PostgresMigrator>());
        await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
