using System.Text.Json;
using Pledge.Hosting;
using Pledge.Hosting.Internal;

namespace Pledge.Grains.Tests;

/// <summary>
/// The body a webhook receiver gets: every field of the event, its data as written, nothing of an envelope written
/// before it — also when a writer is reused (tried and measured in BENCHMARKS, night check of 2026-12-07).
/// </summary>
public sealed class WebhookEnvelopeTests
{
    private static StoredEvent Event(string key, long sequence, string json) =>
        new($"conversation:t/{key}:{sequence}", "conversation", new EntityId("t", key), sequence, "message_received",
            new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(2)), json);

    private static void AssertEnvelopeOf(StoredEvent e, string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal(e.EventId, root.GetProperty("id").GetString());
        Assert.Equal(e.Type, root.GetProperty("type").GetString());
        Assert.Equal(e.Id.Tenant, root.GetProperty("tenant").GetString());
        Assert.Equal(e.Kind, root.GetProperty("entity").GetProperty("kind").GetString());
        Assert.Equal(e.Id.Key, root.GetProperty("entity").GetProperty("key").GetString());
        Assert.Equal(e.Sequence, root.GetProperty("sequence").GetInt64());
        Assert.Equal(e.At, root.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(e.Json, root.GetProperty("data").GetRawText());
        Assert.EndsWith($"\"data\":{e.Json}}}", body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_envelope_carries_the_event_and_its_data_as_written()
    {
        var e = Event("c-1", 4, """{"type":"message_received","text":"Comandă \"urgentă\" 🙂","n":1.50}""");

        AssertEnvelopeOf(e, WebhookEnvelope.Write(e));
    }

    [Fact]
    public void Each_envelope_on_a_thread_holds_only_its_own_event()
    {
        // An outsized event first, then short ones on the same thread: nothing of an earlier body may remain.
        var events = new[]
        {
            Event("c-big", 1, $$"""{"type":"message_received","text":"{{new string('x', 100_000)}}"}"""),
            Event("c-2", 2, """{"type":"message_received","text":"a"}"""),
            Event("c-3", 3, $$"""{"type":"message_received","text":"{{new string('y', 5_000)}}"}"""),
            Event("c-4", 4, """{"type":"wait_opened"}"""),
        };

        foreach (var e in events)
            AssertEnvelopeOf(e, WebhookEnvelope.Write(e));
    }

    [Fact]
    public async Task Envelopes_written_on_many_threads_at_once_stay_apart()
    {
        var events = Enumerable.Range(1, 2_000)
            .Select(i => Event($"c-{i}", i, $$"""{"type":"message_received","text":"{{new string('z', i % 700)}}"}"""))
            .ToArray();

        var bodies = new string[events.Length];
        await Parallel.ForAsync(0, events.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            bodies[i] = WebhookEnvelope.Write(events[i]);
            return ValueTask.CompletedTask;
        });

        for (var i = 0; i < events.Length; i++)
            AssertEnvelopeOf(events[i], bodies[i]);
    }
}
