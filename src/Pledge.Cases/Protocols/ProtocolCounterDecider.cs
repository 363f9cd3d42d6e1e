using Pledge.Domain.Kernel;

namespace Pledge.Cases.Protocols;

/// <summary>
/// The <c>protocol-counter</c> decider, one entity per tenant: each new request gets the next number, so numbers
/// are unique within the tenant and never reused. A request id repeated within the last
/// <see cref="Remembered"/> issues gets no new number; an older repeat would get a fresh one (never a reused one).
/// </summary>
public sealed class ProtocolCounterDecider : IDecider<ProtocolCounterCommand, ProtocolCounterEvent, ProtocolCounterState>
{
    public const int Remembered = 1_000;

    public static ProtocolCounterDecider Instance { get; } = new();

    public ProtocolCounterState Initial => ProtocolCounterState.Initial;

    public Decision<ProtocolCounterEvent> Decide(ProtocolCounterCommand command, ProtocolCounterState state, DateTimeOffset now)
    {
        if (command is not IssueProtocolNumber issue) return Rejection.Invalid("action", "Unknown protocol counter command.");
        if (string.IsNullOrWhiteSpace(issue.RequestId) || issue.RequestId.Length > 200)
            return Rejection.Invalid("requestId", "'requestId' is required (at most 200 characters).");
        if (!ProtocolNumbers.IsValidPrefix(issue.Prefix))
            return Rejection.Invalid("prefix", "A prefix is 1 to 12 upper-case letters or digits, starting with a letter.");
        if (state.Find(issue.RequestId) is not null) return Decision<ProtocolCounterEvent>.Accept();

        var number = state.Last + 1;
        return Decision<ProtocolCounterEvent>.Accept(
            new ProtocolNumberIssued(now, issue.RequestId, number, ProtocolNumbers.Format(issue.Prefix, now, number)));
    }

    public ProtocolCounterState Evolve(ProtocolCounterState state, ProtocolCounterEvent @event) => @event switch
    {
        ProtocolNumberIssued e => new ProtocolCounterState(
            e.Number,
            [.. state.Recent.Skip(Math.Max(0, state.Recent.Count - Remembered + 1)), new IssuedProtocol(e.RequestId, e.Number, e.Protocol, e.At)]),
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(ProtocolCounterState state) => [];

    public ProtocolCounterCommand OnDeadline(Deadline deadline) =>
        throw new InvalidOperationException("The protocol counter sets no deadlines.");
}
