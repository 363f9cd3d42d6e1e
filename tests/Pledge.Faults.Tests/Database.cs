using Npgsql;

namespace Pledge.Faults.Tests;

/// <summary>Direct reads of the cluster's database: is background work done, and a fingerprint of everything stored.</summary>
public static class Database
{
    /// <summary>Deadlines already due, reactions and webhook deliveries not yet done; all zero once the cluster has caught up.</summary>
    public static async Task<(long DueDeadlines, long Reactions, long Outbox, long Deliveries)> BacklogAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pledge.deadlines WHERE due_at <= now()),
                   (SELECT count(*) FROM pledge.reaction_outbox),
                   (SELECT count(*) FROM pledge.event_outbox),
                   (SELECT count(*) FROM pledge.webhook_deliveries WHERE dead_at IS NULL)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Event count, event-sequence sum and entity-version sum: any new event or state write changes it.</summary>
    public static async Task<(long Events, long Sequences, long Versions)> FingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pledge.events),
                   (SELECT coalesce(sum(sequence), 0)::bigint FROM pledge.events),
                   (SELECT coalesce(sum(version), 0)::bigint FROM pledge.entities)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
