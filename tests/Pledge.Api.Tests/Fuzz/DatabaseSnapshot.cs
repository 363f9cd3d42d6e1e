using Npgsql;

namespace Pledge.Api.Tests.Fuzz;

/// <summary>Row count and a hash of every row of every table in the <c>pledge</c> schema.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, (long Rows, string Hash)> Tables)
{
    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'pledge' AND table_type = 'BASE TABLE' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));

        var tables = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var quoted = "pledge.\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var hash = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {quoted} t", connection);
            await using var reader = await hash.ExecuteReaderAsync();
            await reader.ReadAsync();
            tables[name] = (reader.GetInt64(0), reader.GetString(1));
        }
        return new DatabaseSnapshot(tables);
    }

    public long TotalRows => Tables.Values.Sum(t => t.Rows);

    /// <summary>The tables whose rows differ, described for a failure message.</summary>
    public IReadOnlyList<string> Differences(DatabaseSnapshot after) =>
        Tables.Keys.Union(after.Tables.Keys)
            .Where(t => Tables.GetValueOrDefault(t) != after.Tables.GetValueOrDefault(t))
            .Select(t => $"{t}: {Tables.GetValueOrDefault(t).Rows} rows -> {after.Tables.GetValueOrDefault(t).Rows} rows")
            .ToArray();
}
