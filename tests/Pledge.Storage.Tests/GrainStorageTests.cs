using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Pledge.Storage.Tests;

// 10.4's JSON storage serializer only binds allow-listed types; [GenerateSerializer] puts the state on the list.
[GenerateSerializer]
public sealed class Ledger
{
    [Id(0)]
    public int Balance { get; set; }

    [Id(1)]
    public string Note { get; set; } = "";
}

/// <summary>Grain state through the real AdoNet grain storage on our schema: versions are ETags, stale ones are refused.</summary>
[Collection(OrleansSiloCollection.Name)]
public sealed class GrainStorageTests(OrleansSiloFixture silo, ITestOutputHelper output)
{
    private const string LedgerType = "Pledge.Storage.Tests.LedgerGrain";

    private IGrainStorage Storage => silo.Services.GetRequiredKeyedService<IGrainStorage>(OrleansSiloFixture.StorageName);

    private static GrainId NewStringKeyed() => GrainId.Create("ledger", "tenant-a/" + Guid.NewGuid().ToString("N"));

    private static GrainState<Ledger> State(int balance, string note = "", string? etag = null) =>
        new(new Ledger { Balance = balance, Note = note }) { ETag = etag };

    private async Task<GrainState<Ledger>> ReadAsync(GrainId id, string grainType = LedgerType)
    {
        var state = new GrainState<Ledger>();
        await Storage.ReadStateAsync(grainType, id, state);
        // The provider puts a fresh instance in place of a missing or cleared state.
        Assert.NotNull(state.State);
        return state;
    }

    private static Ledger Of(GrainState<Ledger> state) => state.State ?? throw new InvalidOperationException("no state instance");

    [Fact]
    public async Task Write_read_overwrite_with_its_etag_and_a_stale_etag_is_refused()
    {
        var id = NewStringKeyed();
        var missing = await ReadAsync(id);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
        Assert.Equal(0, Of(missing).Balance);

        var state = State(10, "opened");
        await Storage.WriteStateAsync(LedgerType, id, state);
        Assert.True(state.RecordExists);
        Assert.NotNull(state.ETag);
        var first = state.ETag;

        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal(first, read.ETag);
        Assert.Equal(10, Of(read).Balance);
        Assert.Equal("opened", Of(read).Note);

        Of(read).Balance = 25;
        await Storage.WriteStateAsync(LedgerType, id, read);
        Assert.NotEqual(first, read.ETag);
        Assert.Equal(25, Of(await ReadAsync(id)).Balance);

        var stale = State(99, "stale", etag: first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(LedgerType, id, stale));
        // A second "first write" (no ETag) for a state that exists is a conflict too.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(LedgerType, id, State(98)));

        var after = await ReadAsync(id);
        Assert.Equal(25, Of(after).Balance);
        Assert.Equal(read.ETag, after.ETag);
    }

    [Fact]
    public async Task Clear_leaves_no_record_moves_the_etag_and_a_write_with_the_new_etag_follows()
    {
        var id = NewStringKeyed();
        var state = State(7, "to clear");
        await Storage.WriteStateAsync(LedgerType, id, state);
        var written = state.ETag;

        await Storage.ClearStateAsync(LedgerType, id, state);
        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(written, state.ETag);

        var cleared = await ReadAsync(id);
        Assert.False(cleared.RecordExists);
        Assert.Equal(state.ETag, cleared.ETag);
        Assert.Equal(0, Of(cleared).Balance);

        // Clearing with the ETag from before the clear is refused.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(LedgerType, id, State(7, etag: written)));

        Of(cleared).Balance = 3;
        await Storage.WriteStateAsync(LedgerType, id, cleared);
        var again = await ReadAsync(id);
        Assert.True(again.RecordExists);
        Assert.Equal(3, Of(again).Balance);
    }

    [Fact]
    public async Task States_of_other_grains_are_kept_apart()
    {
        var id = NewStringKeyed();
        var otherKey = NewStringKeyed();
        await Storage.WriteStateAsync(LedgerType, id, State(1, "mine"));
        await Storage.WriteStateAsync(LedgerType, otherKey, State(2, "other key"));
        // Same key, another grain type: its own state.
        await Storage.WriteStateAsync("Pledge.Storage.Tests.AuditGrain", id, State(3, "other type"));

        Assert.Equal("mine", Of(await ReadAsync(id)).Note);
        Assert.Equal("other key", Of(await ReadAsync(otherKey)).Note);
        Assert.Equal("other type", Of(await ReadAsync(id, "Pledge.Storage.Tests.AuditGrain")).Note);

        var cleared = await ReadAsync(otherKey);
        await Storage.ClearStateAsync(LedgerType, otherKey, cleared);
        Assert.True((await ReadAsync(id)).RecordExists);
        Assert.False((await ReadAsync(otherKey)).RecordExists);
    }

    [Fact]
    public async Task Integer_and_guid_keys_without_extension_have_one_state_each()
    {
        // No key extension: the identity's extension column is NULL, which the unique key must still treat as one grain.
        var integer = GrainId.Create(GrainType.Create("ledger"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64()));
        var guid = GrainId.Create(GrainType.Create("ledger"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));
        var extended = GrainId.Create(GrainType.Create("ledger"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "branch"));
        foreach (var id in new[] { integer, guid, extended })
        {
            var state = State(5);
            await Storage.WriteStateAsync(LedgerType, id, state);
            await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(LedgerType, id, State(6)));
            Of(state).Balance = 8;
            await Storage.WriteStateAsync(LedgerType, id, state);
            Assert.Equal(8, Of(await ReadAsync(id)).Balance);
        }

        await using var dataSource = NpgsqlDataSource.Create(silo.ConnectionString);
        await using var count = dataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE grainidextensionstring IS NULL), count(*) FROM orleansstorage WHERE grainidn1 IN ($1, $2, $3)");
        foreach (var id in new[] { integer, guid, extended })
            count.Parameters.Add(new NpgsqlParameter { Value = N1(id) });
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2L, reader.GetInt64(0));
        Assert.Equal(3L, reader.GetInt64(1));
    }

    [Fact]
    public async Task Of_racing_first_writes_exactly_one_creates_the_state()
    {
        var id = NewStringKeyed();
        var attempts = Enumerable.Range(1, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteStateAsync(LedgerType, id, State(i));
                return i;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        })).ToArray();
        var winners = (await Task.WhenAll(attempts)).Where(i => i != 0).ToArray();

        var winner = Assert.Single(winners);
        Assert.Equal(winner, Of(await ReadAsync(id)).Balance);
    }

    [Fact]
    public async Task Write_rate_of_64_concurrent_callers_is_reported()
    {
        const int writes = 2000, callers = 64;
        var ids = Enumerable.Range(0, callers).Select(_ => NewStringKeyed()).ToArray();
        var states = ids.Select(_ => State(0)).ToArray();
        // Created first, so the timed writes are the common case: an update checked against the ETag.
        for (var c = 0; c < callers; c++)
            await Storage.WriteStateAsync(LedgerType, ids[c], states[c]);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < writes)
            {
                Of(states[c]).Balance++;
                await Storage.WriteStateAsync(LedgerType, ids[c], states[c]);
            }
        })));
        clock.Stop();

        // Each caller's writes chained on its own ETags; the sum proves every write landed exactly once.
        var total = 0;
        foreach (var id in ids) total += Of(await ReadAsync(id)).Balance;
        Assert.Equal(writes, total);
        // Printed, not asserted: the figure depends on the machine (and on what else runs on it).
        output.WriteLine($"{writes} grain writes from {callers} callers in {clock.ElapsedMilliseconds} ms: {writes / clock.Elapsed.TotalSeconds:F0}/s");
    }

    private static long N1(GrainId id)
    {
        if (id.TryGetIntegerKey(out var integer, out _)) return integer;
        if (!id.TryGetGuidKey(out var guid, out _)) throw new InvalidOperationException($"{id} has no integer or guid key.");
        // The provider stores a Guid key as two longs; the second is its last eight bytes.
        return BitConverter.ToInt64(guid.ToByteArray(), 8);
    }
}
