using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pledge.Hosting.Postgres;

/// <summary>
/// Applies the versioned SQL files of <c>deploy/sql</c> (embedded in this assembly) that the database has not seen,
/// each in its own transaction, recorded in <c>pledge.schema_migrations</c>. Safe when several nodes start together:
/// they queue on a lock of the ledger table, and each applies only what is still missing.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
{
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
            await CreateLedgerAsync(connection, cancellationToken).ConfigureAwait(false);
            var done = new List<int>();
            foreach (var m in Migrations)
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                // Nodes starting together queue on the ledger's table lock; each applies only what is still missing.
                await using (var lockLedger = new NpgsqlCommand("LOCK TABLE pledge.schema_migrations IN SHARE ROW EXCLUSIVE MODE", connection, tx))
                    await lockLedger.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                string? checksum;
                await using (var read = new NpgsqlCommand("SELECT checksum FROM pledge.schema_migrations WHERE version = $1", connection, tx))
                {
                    read.Parameters.Add(new NpgsqlParameter { Value = m.Version });
                    checksum = (string?)await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
                if (checksum is not null)
                {
                    if (checksum != m.Checksum)
                        logger.LogWarning("Migration {Version} ({Name}) differs from the one applied to this database; it is not applied again.", m.Version, m.Name);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
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
        catch (Exception e) when (PostgresDataSource.IsUnavailable(e))
        {
            throw PostgresDataSource.Wrap(e);
        }
    }

    /// <summary>
    /// The ledger itself. Two nodes creating it at once can collide in the catalog (a unique violation on the type
    /// name) even with IF NOT EXISTS; the loser finds it there on its next try.
    /// </summary>
    private static async Task CreateLedgerAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
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
                return;
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
            {
            }
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
