using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using Pledge.Domain.Policies;
using Pledge.Service;

namespace Pledge.Bench;

/// <summary>
/// Writes conversations with an open wait straight into the host's tables (entities, events, deadlines, idempotency
/// keys) with binary COPY — what two commands per conversation would have left behind, in seconds instead of
/// minutes. Rows come from the real decider and the kind's own JSON, so the host reads and fires them like any other.
/// </summary>
internal static class ConversationLoader
{
    /// <summary>
    /// Adds conversations <c>{prefix}{from}</c>… (<paramref name="count"/> of them) of <paramref name="tenant"/>, each
    /// opened under <paramref name="policy"/> and waiting since <paramref name="waitingSince"/>(index).
    /// </summary>
    public static async Task LoadAsync(
        string connectionString, string tenant, string prefix, int from, int count, ConversationPolicy policy, Func<int, DateTimeOffset> waitingSince)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var entities = await BeginAsync(dataSource, "pledge.entities (tenant, kind, key, version, state, status, updated_at)");
        await using var events = await BeginAsync(dataSource, "pledge.events (tenant, kind, key, sequence, type, at, data)");
        await using var deadlines = await BeginAsync(dataSource, "pledge.deadlines (tenant, kind, key, name, due_at, due_ticks, due_offset_minutes)");
        await using var keys = await BeginAsync(dataSource, "pledge.idempotency_keys (tenant, kind, key, idempotency_key, created_at)");
        // Binary COPY carries no type ids, and json's binary form is its text: state and event JSON go as strings.
        // Rows of one opening time are alike but for their key: make each such template once.
        var templates = new Dictionary<DateTimeOffset, Template>();
        for (var i = from; i < from + count; i++)
        {
            var at = ConversationDecider.ToMicroseconds(waitingSince(i));
            if (!templates.TryGetValue(at, out var t))
            {
                if (templates.Count > 10_000) templates.Clear();
                templates[at] = t = Template.Of(policy, at);
            }
            var key = prefix + i.ToString("D7");
            await entities.Importer.WriteRowAsync(default, tenant, ConversationKind.Name, key, (long)t.Events.Length,
                t.State, t.Status, t.At.UtcDateTime);
            for (var e = 0; e < t.Events.Length; e++)
                await events.Importer.WriteRowAsync(default, tenant, ConversationKind.Name, key, (long)e + 1, t.Events[e].Type, t.At.UtcDateTime, t.Events[e].Json);
            foreach (var d in t.Deadlines)
                await deadlines.Importer.WriteRowAsync(default, tenant, ConversationKind.Name, key, d.Name, d.DueAt.UtcDateTime, d.DueAt.UtcTicks, (int)d.DueAt.Offset.TotalMinutes);
            await keys.Importer.WriteRowAsync(default, tenant, ConversationKind.Name, key, "message:m1", t.At.UtcDateTime);
        }
        foreach (var copy in new[] { entities, events, deadlines, keys })
            await copy.Importer.CompleteAsync();

        // Autovacuum would analyse the grown tables soon; the claim query's plan should not depend on that luck.
        await using var analyze = dataSource.CreateCommand("ANALYZE pledge.entities; ANALYZE pledge.events; ANALYZE pledge.deadlines; ANALYZE pledge.idempotency_keys");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<Copy> BeginAsync(NpgsqlDataSource dataSource, string table)
    {
        var connection = await dataSource.OpenConnectionAsync();
        return new Copy(connection, await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)"));
    }

    private sealed record Copy(NpgsqlConnection Connection, NpgsqlBinaryImporter Importer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Importer.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private sealed record Template(DateTimeOffset At, string State, string? Status, (string Type, string Json)[] Events, Deadline[] Deadlines)
    {
        /// <summary>A conversation opened and sent one customer message at <paramref name="at"/>, decided by the real decider.</summary>
        public static Template Of(ConversationPolicy policy, DateTimeOffset at)
        {
            var kind = PledgeCatalog.Conversation;
            var decider = kind.Decider;
            var state = decider.Initial;
            var events = new List<ConversationEvent>();
            foreach (var command in new ConversationCommand[]
            {
                new ConversationCommand.Open(policy, null, null),
                new ConversationCommand.ReceiveMessage("m1", Party.Customer, "customer", "Hello, my order has not arrived yet. Can you help?", at),
            })
            {
                var decision = decider.Decide(command, state, at);
                if (decision.Rejection is { } rejection)
                    throw new InvalidOperationException($"The decider refused a bulk-load conversation: {rejection.Message}");
                foreach (var e in decision.Events)
                {
                    state = decider.Evolve(state, e);
                    events.Add(e);
                }
            }
            return new Template(at, JsonSerializer.Serialize(state, kind.StateJson), kind.Status(state),
                [.. events.Select(e => (kind.EventType(e), JsonSerializer.Serialize(e, kind.EventJson)))],
                [.. decider.Deadlines(state)]);
        }
    }
}
