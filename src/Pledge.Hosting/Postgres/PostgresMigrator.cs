using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Pledge.Hosting.Postgres;

/// <summary>
/// Applies the versioned SQL files of <c>deploy/sql</c> (embedded in this assembly) that the database has not seen,
/// each in its own transaction, recorded in <c>pledge.schema_migrations</c>. Safe when several nodes start together:
/// they queue on an advisory lock, and each applies only what is still missing.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
{
    private const int LockSpace = 0x504C4447; // "PLDG"; the two-int advisory-lock space, apart from entity locks
    private const int LockId = 1;

    /// <summary>A schema step: <c>NNNN_name.sql</c>.</summary>
    public sealed record Migration(int Version, string Name, string Sql)
    {
        public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
    }

    /// <summary>The migrations this build carries, in order.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = Load();

    /// <summary>Applies the missing migrations; returns the versions it applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockSpace}, {LockId})", cancellationToken).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(connection, """
                    CREATE SCHEMA IF NOT EXISTS pledge;
                    CREATE TABLE IF NOT EXISTS pledge.schema_migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        checksum   text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now());
                    """, cancellationToken).ConfigureAwait(false);
                var applied = new Dictionary<int, string>();
                await using (var read = new NpgsqlCommand("SELECT version, checksum FROM pledge.schema_migrations", connection))
                await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        applied[reader.GetInt32(0)] = reader.GetString(1);

                var done = new List<int>();
                foreach (var m in Migrations)
                {
                    if (applied.TryGetValue(m.Version, out var checksum))
                    {
                        if (checksum != m.Checksum)
                            logger.LogWarning("Migration {Version} ({Name}) differs from the one applied to this database; it is not applied again.", m.Version, m.Name);
                        continue;
                    }
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (var apply = new NpgsqlCommand(m.Sql, connection, tx))
                        await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await using (var record = new NpgsqlCommand("INSERT INTO pledge.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, tx))
                    {
                        record.Parameters.Add(new NpgsqlParameter { Value = m.Version });
                        record.Parameters.Add(new NpgsqlParameter { Value = m.Name });
                        record.Parameters.Add(new NpgsqlParameter { Value = m.Checksum });
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Applied migration {Version} ({Name}).", m.Version, m.Name);
                    done.Add(m.Version);
                }
                return done;
            }
            finally
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockSpace}, {LockId})", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Migration[] Load()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        const string prefix = "Pledge.Sql.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..];
                var underscore = file.IndexOf('_');
                if (underscore < 1 || !int.TryParse(file[..underscore], out var version))
                    throw new InvalidOperationException($"Migration file '{file}' must be named NNNN_name.sql.");
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new Migration(version, Path.GetFileNameWithoutExtension(file), reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }
}

/// <summary>Runs <see cref="PostgresMigrator"/> when the host starts, before the other background services.</summary>
internal sealed class PostgresMigrationService(PostgresMigrator migrator, IOptions<PledgeHostOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
