namespace Pledge.Hosting;

/// <summary>
/// The durable store could not be reached or failed mid-operation. Nothing was acknowledged: a caller may retry
/// (with the same idempotency key). HTTP front ends answer 503 with Retry-After.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
