using System.Text.Json.Serialization;

namespace Pledge.Domain.Owners;

/// <summary>What may be asked of an owner's metrics; sent by conversations as reactions, so each is idempotent by wait key.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RecordWaitOutcome), "record_wait_outcome")]
[JsonDerivedType(typeof(WithdrawWait), "withdraw_wait")]
[JsonDerivedType(typeof(ExpireWaits), "expire_waits")]
public abstract record OwnerCommand
{
    /// <summary>A wait of one of the owner's conversations was decided for <paramref name="Tier"/>; it counts while younger than <paramref name="Window"/>.</summary>
    public sealed record RecordWaitOutcome(string WaitKey, DateTimeOffset Opened, TimeSpan Window, TimeSpan Tier, bool Within) : OwnerCommand;

    /// <summary>The wait was excused or excluded: it leaves the owner's metrics for good.</summary>
    public sealed record WithdrawWait(string WaitKey, TimeSpan Window) : OwnerCommand;

    /// <summary>Drops the waits whose window ended at or before <paramref name="At"/>.</summary>
    public sealed record ExpireWaits(DateTimeOffset At) : OwnerCommand;
}
