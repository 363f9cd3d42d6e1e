using Pledge.Domain.Kernel;
using Pledge.Hosting;

namespace Pledge.Abstractions;

/// <summary>The wire form of a <see cref="HostRejectionException"/> (Orleans surrogates are structs).</summary>
[GenerateSerializer, Immutable, Alias("pledge.host-rejection")]
public readonly record struct HostRejectionSurrogate(
    [property: Id(0)] int Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Field,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Details);

/// <summary>
/// Lets a <see cref="HostRejectionException"/> thrown in a grain reach the caller whole. Orleans' fallback exception
/// codec covers only System/Microsoft/Orleans types and keeps just the message, which would lose the rejection (and
/// with it the field at fault). The remote stack trace is dropped: a rejection is an answer, not a fault.
/// </summary>
[RegisterConverter]
public sealed class HostRejectionConverter : IConverter<HostRejectionException, HostRejectionSurrogate>
{
    public HostRejectionException ConvertFromSurrogate(in HostRejectionSurrogate surrogate) =>
        new(new Rejection((RejectionKind)surrogate.Kind, surrogate.Code, surrogate.Message, surrogate.Field, surrogate.Details));

    public HostRejectionSurrogate ConvertToSurrogate(in HostRejectionException value) =>
        new((int)value.Rejection.Kind, value.Rejection.Code, value.Rejection.Message, value.Rejection.Field, value.Rejection.Details);
}
