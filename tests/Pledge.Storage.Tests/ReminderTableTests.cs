using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Pledge.Storage.Tests;

/// <summary>Reminders through the real AdoNet reminder table on our schema: versions as ETags, ring-range reads.</summary>
[Collection(OrleansSiloCollection.Name)]
public sealed class ReminderTableTests(OrleansSiloFixture silo)
{
    // Far enough ahead that the silo's own reminder service, which owns the whole ring, never fires these.
    private static readonly DateTime StartAt = new DateTime(DateTime.UtcNow.AddDays(1).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private IReminderTable Table => silo.Services.GetRequiredService<IReminderTable>();

    private static GrainId NewGrain() => GrainId.Create("reminder-test", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null, DateTime? start = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = start ?? StartAt,
        Period = period ?? TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task Upsert_reads_back_by_grain_and_name_and_an_update_moves_the_etag()
    {
        var grain = NewGrain();
        var first = await Table.UpsertRow(Entry(grain, "follow-up"));
        var second = await Table.UpsertRow(Entry(grain, "expire", TimeSpan.FromDays(2)));
        Assert.False(string.IsNullOrEmpty(first));
        Assert.False(string.IsNullOrEmpty(second));

        var rows = (await Table.ReadRows(grain)).Reminders.OrderBy(r => r.ReminderName, StringComparer.Ordinal).ToArray();
        Assert.Equal(["expire", "follow-up"], rows.Select(r => r.ReminderName));
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
        Assert.Equal(TimeSpan.FromDays(2), rows[0].Period);
        Assert.Equal(StartAt, rows[0].StartAt.ToUniversalTime());
        Assert.Equal(second, rows[0].ETag);
        Assert.Equal(first, rows[1].ETag);
        Assert.Empty((await Table.ReadRows(NewGrain())).Reminders);

        var later = StartAt.AddMinutes(30);
        var updated = await Table.UpsertRow(Entry(grain, "follow-up", TimeSpan.FromMinutes(90), later));
        Assert.NotEqual(first, updated);
        var row = await Table.ReadRow(grain, "follow-up");
        Assert.NotNull(row);
        Assert.Equal(updated, row.ETag);
        Assert.Equal(later, row.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(90), row.Period);
        Assert.Null(await Table.ReadRow(grain, "never-registered"));
    }

    [Fact]
    public async Task A_period_beyond_int_milliseconds_round_trips()
    {
        var grain = NewGrain();
        var period = TimeSpan.FromDays(60); // > int.MaxValue ms: the provider binds a long
        await Table.UpsertRow(Entry(grain, "quarterly", period));
        Assert.Equal(period, (await Table.ReadRow(grain, "quarterly"))!.Period);
    }

    [Fact]
    public async Task Remove_with_a_stale_etag_fails_and_with_the_current_one_succeeds()
    {
        var grain = NewGrain();
        var stale = await Table.UpsertRow(Entry(grain, "nudge")) ?? throw new InvalidOperationException("no ETag");
        var current = await Table.UpsertRow(Entry(grain, "nudge", TimeSpan.FromHours(2))) ?? throw new InvalidOperationException("no ETag");

        Assert.False(await Table.RemoveRow(grain, "nudge", stale));
        Assert.NotNull(await Table.ReadRow(grain, "nudge"));
        Assert.False(await Table.RemoveRow(grain, "other", current));

        Assert.True(await Table.RemoveRow(grain, "nudge", current));
        Assert.Null(await Table.ReadRow(grain, "nudge"));
        Assert.False(await Table.RemoveRow(grain, "nudge", current));
    }

    // Range reads skip reminders that start beyond the reminder service's loading window (0008_reminder_window.sql);
    // these start beyond the 10-minute window, so the silo's service does not schedule them, but within the 20 minutes read.
    private static DateTime SoonAfterTheWindow() => DateTime.UtcNow.AddMinutes(15);

    [Fact]
    public async Task Ring_ranges_return_exactly_the_reminders_whose_grain_hash_falls_in_them_including_wrapped_ones()
    {
        var name = "range-" + Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, 48).Select(_ => NewGrain()).ToArray();
        var etags = new List<string>();
        foreach (var g in grains) etags.Add((await Table.UpsertRow(Entry(g, name, start: SoonAfterTheWindow())))!);
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();

        // (begin, end] on the unsigned ring; begin > end wraps through zero.
        (uint Begin, uint End)[] ranges =
        [
            (hashes[5], hashes[20]),
            (hashes[30], hashes[8]),
            (0x7FFF_FFF0u, 0x8000_0010u),
            (0x4000_0000u, 0xC000_0000u),
            (0xC000_0000u, 0x4000_0000u),
            (hashes[^1], hashes[0]),
        ];
        foreach (var (begin, end) in ranges)
        {
            bool Inside(uint h) => begin < end ? h > begin && h <= end : h > begin || h <= end;
            var expected = grains.Where(g => Inside(g.GetUniformHashCode())).ToHashSet();
            if (begin == hashes[5]) Assert.Equal(15, expected.Count); // the check below is not vacuous
            var read = (await Table.ReadRows(begin, end)).Reminders.Where(r => r.ReminderName == name).ToArray();
            Assert.Equal(read.Length, read.Select(r => r.GrainId).Distinct().Count());
            Assert.True(expected.SetEquals(read.Select(r => r.GrainId)),
                $"range ({begin:X8}, {end:X8}]: expected {expected.Count}, read {read.Length}");
        }
        for (var i = 0; i < grains.Length; i++) Assert.True(await Table.RemoveRow(grains[i], name, etags[i]));
    }

    [Fact]
    public async Task Ring_ranges_leave_out_reminders_that_start_beyond_the_loading_window_and_a_grain_still_reads_its_own()
    {
        var name = "window-" + Guid.NewGuid().ToString("N");
        var near = NewGrain();
        var far = NewGrain();
        var nearTag = await Table.UpsertRow(Entry(near, name, start: SoonAfterTheWindow()));
        var farTag = await Table.UpsertRow(Entry(far, name, TimeSpan.FromMinutes(1), StartAt));

        var read = (await Table.ReadRows(0u, uint.MaxValue)).Reminders.Where(r => r.ReminderName == name).Select(r => r.GrainId).ToArray();
        Assert.Equal([near], read);
        Assert.Equal(StartAt, (await Table.ReadRow(far, name))!.StartAt.ToUniversalTime());
        Assert.Single((await Table.ReadRows(far)).Reminders);

        Assert.True(await Table.RemoveRow(near, name, nearTag!));
        Assert.True(await Table.RemoveRow(far, name, farTag!));
    }
}
