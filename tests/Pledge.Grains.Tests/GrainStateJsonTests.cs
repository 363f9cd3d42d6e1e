using System.Text;
using System.Text.Json;
using Pledge.Abstractions;
using Pledge.Grains.Entities;
using Pledge.Grains.Hosting;
using Pledge.Grains.Webhooks;

namespace Pledge.Grains.Tests;

/// <summary>How grain records are stored: embedded JSON documents as documents, read back byte for byte, old records too.</summary>
public sealed class GrainStateJsonTests
{
    // Documents with escapes of their own (a quote inside a text, non-ASCII, '+'), which must come back exactly as written.
    private const string State = """{"watermark":"2026-12-07T12:29:33.428238\u002B00:00","waits":[{"id":1,"breached":["PT10M"]}],"claimEligible":false}""";
    private const string Event = """{"type":"message_received","text":"Comand\u0103 \"urgent\u0103\"","at":"2026-12-07T12:19:33\u002B00:00"}""";
    private const string Body = """{"id":"conversation:t/c-1:4","type":"wait_breached","data":{"tier":"PT10M"}}""";
    private const string Command = """{"type":"record_breach","waitId":1}""";

    private static EntityRecord Record(string state = State) => new()
    {
        StateJson = state,
        Version = 4,
        Tail = [new LoggedEvent(2, "message_received", DateTimeOffset.UnixEpoch, Event)],
        Webhooks = [new WebhookEvent("conversation:t/c-1:4", "wait_breached", Body)],
        Reactions = [new ReactionEntry("owner", "talent-7", Command, "conversation:t/c-1:4")],
    };

    private static byte[] Stored<T>(T state) => GrainStateJson.Serializer.Serialize(state).ToArray();

    private static T Read<T>(byte[] stored) => GrainStateJson.Serializer.Deserialize<T>(new BinaryData(stored))!;

    [Fact]
    public void A_record_stores_its_state_events_outbox_and_reactions_as_json_documents_not_escaped_strings()
    {
        var stored = Stored(Record());

        using var document = JsonDocument.Parse(stored);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.GetProperty("StateJson").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Tail")[0].GetProperty("Json").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Webhooks")[0].GetProperty("Body").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Reactions")[0].GetProperty("CommandJson").ValueKind);
        Assert.Equal("PT10M", root.GetProperty("StateJson").GetProperty("waits")[0].GetProperty("breached")[0].GetString());
        Assert.DoesNotContain(@"\u0022", Encoding.UTF8.GetString(stored));
    }

    [Fact]
    public void Every_embedded_document_reads_back_byte_for_byte()
    {
        var read = Read<EntityRecord>(Stored(Record()));

        Assert.Equal(State, read.StateJson);
        Assert.Equal(Event, Assert.Single(read.Tail).Json);
        Assert.Equal(Body, Assert.Single(read.Webhooks).Body);
        Assert.Equal(Command, Assert.Single(read.Reactions).CommandJson);
        Assert.Equal(4, read.Version);
    }

    [Fact]
    public void A_webhook_delivery_keeps_the_exact_body_it_is_signed_over()
    {
        var book = new WebhookBook { Deliveries = [new WebhookDeliveryRecord { Id = 1, EventId = "e-1", Body = Body }] };

        var stored = Stored(book);

        Assert.Equal(Body, Assert.Single(Read<WebhookBook>(stored).Deliveries).Body);
        using var document = JsonDocument.Parse(stored);
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("Deliveries")[0].GetProperty("Body").ValueKind);
    }

    [Fact]
    public void A_record_stored_before_the_change_with_its_documents_as_strings_still_reads()
    {
        var old = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "conversation-record-2b4c421.json"));
        using var original = JsonDocument.Parse(old);
        var root = original.RootElement;

        var read = Read<EntityRecord>(old);

        Assert.Equal(root.GetProperty("StateJson").GetString(), read.StateJson);
        Assert.Equal(root.GetProperty("Tail").EnumerateArray().Select(e => e.GetProperty("Json").GetString()), read.Tail.Select(e => e.Json));
        Assert.Equal(root.GetProperty("Webhooks")[0].GetProperty("Body").GetString(), Assert.Single(read.Webhooks).Body);
        Assert.Equal(4, read.Version);
        Assert.Equal(4, read.Tail.Count);
        // Written again, it is the new form and still the same record.
        var rewritten = Read<EntityRecord>(Stored(read));
        Assert.Equal(read.StateJson, rewritten.StateJson);
        Assert.Equal(read.Tail.Select(e => e.Json), rewritten.Tail.Select(e => e.Json));
        Assert.True(Stored(read).Length < old.Length * 3 / 4, "the record without escaping is at least a quarter smaller");
    }

    [Fact]
    public void A_state_that_is_not_json_fails_the_write_instead_of_storing_an_unreadable_record()
    {
        Assert.ThrowsAny<Exception>(() => Stored(Record(state: "{\"watermark\":")));
    }
}
