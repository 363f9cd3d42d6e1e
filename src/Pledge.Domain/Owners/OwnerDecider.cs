using System.Collections.Immutable;
using Pledge.Domain.Conversations;
using Pledge.Domain.Kernel;
using static Pledge.Domain.Owners.OwnerCommand;
using static Pledge.Domain.Owners.OwnerEvent;

namespace Pledge.Domain.Owners;

/// <summary>
/// An owner's response rates over a rolling window (rule 4). Conversations report each wait's outcome per tier
/// when it is decided (answered, or breached while open); a wait counts while it opened less than its
/// policy's window ago, and a deadline at the oldest wait's end of window drops it, so the figures are right
/// whether or not anyone reads them. Outcomes and withdrawals are idempotent by wait key: the first outcome of
/// a tier stands, and a withdrawn wait stays out.
/// </summary>
public sealed class OwnerDecider : IDecider<OwnerCommand, OwnerEvent, OwnerState>
{
    public const string ExpiryDeadline = "expire";

    public OwnerState Initial => OwnerState.Initial;

    public Decision<OwnerEvent> Decide(OwnerCommand command, OwnerState state, DateTimeOffset now)
    {
        now = ConversationDecider.ToMicroseconds(now);
        switch (command)
        {
            case RecordWaitOutcome record:
                if (string.IsNullOrWhiteSpace(record.WaitKey))
                    return Rejection.Invalid("waitKey", "A wait key is required.");
                if (record.Window <= TimeSpan.Zero)
                    return Rejection.Invalid("window", "The window is a positive duration.");
                var opened = ConversationDecider.ToMicroseconds(record.Opened);
                var expiresAt = opened + record.Window;
                var known = state.Waits.GetValueOrDefault(record.WaitKey);
                if (expiresAt <= now || known is { Withdrawn: true } || known?.Outcomes.ContainsKey(record.Tier) == true)
                    return Decision<OwnerEvent>.Accept();
                return Decision<OwnerEvent>.Accept(new WaitOutcomeRecorded(record.WaitKey, opened, expiresAt, record.Tier, record.Within));

            case WithdrawWait withdraw:
                if (string.IsNullOrWhiteSpace(withdraw.WaitKey))
                    return Rejection.Invalid("waitKey", "A wait key is required.");
                if (withdraw.Window <= TimeSpan.Zero)
                    return Rejection.Invalid("window", "The window is a positive duration.");
                var wait = state.Waits.GetValueOrDefault(withdraw.WaitKey);
                // An unknown wait opened before now, so its window ends before now + window: remember it that long.
                return wait is { Withdrawn: true }
                    ? Decision<OwnerEvent>.Accept()
                    : Decision<OwnerEvent>.Accept(new WaitWithdrawn(withdraw.WaitKey, wait?.ExpiresAt ?? now + withdraw.Window));

            case ExpireWaits expire:
                return state.Waits.Values.Any(w => w.ExpiresAt <= expire.At)
                    ? Decision<OwnerEvent>.Accept(new WaitsExpired(expire.At))
                    : Decision<OwnerEvent>.Accept();

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown owner command.");
        }
    }

    public OwnerState Evolve(OwnerState state, OwnerEvent @event) => @event switch
    {
        WaitOutcomeRecorded recorded => state with
        {
            Waits = state.Waits.SetItem(recorded.WaitKey, state.Waits.GetValueOrDefault(recorded.WaitKey) is { } wait
                ? wait with { Outcomes = wait.Outcomes.SetItem(recorded.Tier, recorded.Within) }
                : new OwnerWait(recorded.Opened, recorded.ExpiresAt, ImmutableSortedDictionary<TimeSpan, bool>.Empty.Add(recorded.Tier, recorded.Within), Withdrawn: false)),
        },
        WaitWithdrawn withdrawn => state with
        {
            Waits = state.Waits.SetItem(withdrawn.WaitKey, state.Waits.GetValueOrDefault(withdrawn.WaitKey) is { } wait
                ? wait with { Withdrawn = true }
                : new OwnerWait(null, withdrawn.ExpiresAt, ImmutableSortedDictionary<TimeSpan, bool>.Empty, Withdrawn: true)),
        },
        WaitsExpired expired => state with { Waits = state.Waits.RemoveRange(state.Waits.Where(w => w.Value.ExpiresAt <= expired.At).Select(w => w.Key)) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown owner event."),
    };

    public IEnumerable<Deadline> Deadlines(OwnerState state) =>
        state.Waits.IsEmpty ? [] : [new Deadline(ExpiryDeadline, state.Waits.Values.Min(w => w.ExpiresAt))];

    public OwnerCommand OnDeadline(Deadline deadline) => new ExpireWaits(deadline.DueAt);
}
