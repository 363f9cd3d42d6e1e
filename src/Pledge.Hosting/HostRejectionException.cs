using Pledge.Domain.Kernel;

namespace Pledge.Hosting;

/// <summary>Bad input to a host-level operation (e.g. a webhook registration); nothing was changed.</summary>
public sealed class HostRejectionException(Rejection rejection) : Exception(rejection.Message)
{
    public Rejection Rejection { get; } = rejection;
}
