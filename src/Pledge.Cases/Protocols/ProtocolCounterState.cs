namespace Pledge.Cases.Protocols;

/// <summary>A tenant's protocol counter: the last number issued and the most recent issues, for idempotency.</summary>
/// <param name="Recent">The last <see cref="ProtocolCounterDecider.Remembered"/> issues, oldest first.</param>
public sealed record ProtocolCounterState(long Last, IReadOnlyList<IssuedProtocol> Recent)
{
    public static ProtocolCounterState Initial { get; } = new(0, []);

    /// <summary>The protocol issued for a request, if it is among the recent ones.</summary>
    public IssuedProtocol? Find(string requestId) => Recent.FirstOrDefault(p => p.RequestId == requestId);
}

public sealed record IssuedProtocol(string RequestId, long Number, string Protocol, DateTimeOffset At);
