using System.Text.Json.Serialization;

namespace Pledge.Domain.Owners;

/// <summary>What has happened to an owner's metrics.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WaitOutcomeRecorded), "wait_outcome_recorded")]
[JsonDerivedType(typeof(WaitWithdrawn), "wait_withdrawn")]
[JsonDerivedType(typeof(WaitsExpired), "waits_expired")]
public abstract record OwnerEvent
{
    public sealed record WaitOutcomeRecorded(string WaitKey, DateTimeOffset Opened, DateTimeOffset ExpiresAt, TimeSpan Tier, bool Within) : OwnerEvent;

    /// <summary>The wait no longer counts; its key is remembered until <paramref name="ExpiresAt"/> so that late outcomes stay out.</summary>
    public sealed record WaitWithdrawn(string WaitKey, DateTimeOffset ExpiresAt) : OwnerEvent;

    public sealed record WaitsExpired(DateTimeOffset At) : OwnerEvent;
}
