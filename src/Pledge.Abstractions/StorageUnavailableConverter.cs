using Pledge.Hosting;

namespace Pledge.Abstractions;

/// <summary>The wire form of a <see cref="StorageUnavailableException"/>.</summary>
[GenerateSerializer, Immutable, Alias("pledge.storage-unavailable")]
public readonly record struct StorageUnavailableSurrogate([property: Id(0)] string Message);

/// <summary>
/// Lets a grain's "storage is unavailable, nothing was acknowledged" reach the caller as itself, so the API answers
/// 503 with Retry-After. The driver's own exception stays in the silo's log: its type means nothing to a client and
/// Orleans' fallback codec would turn it into an anonymous fault (a 500).
/// </summary>
[RegisterConverter]
public sealed class StorageUnavailableConverter : IConverter<StorageUnavailableException, StorageUnavailableSurrogate>
{
    public StorageUnavailableException ConvertFromSurrogate(in StorageUnavailableSurrogate surrogate) => new(surrogate.Message);

    public StorageUnavailableSurrogate ConvertToSurrogate(in StorageUnavailableException value) => new(value.Message);
}
