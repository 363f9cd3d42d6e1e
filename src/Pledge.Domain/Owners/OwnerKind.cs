using Pledge.Domain.Kernel;

namespace Pledge.Domain.Owners;

/// <summary>The <c>owner</c> entity kind (talent, seller or team), keyed by owner id; fed by conversation reactions.</summary>
public static class OwnerKind
{
    public const string Name = "owner";

    public static EntityKind<OwnerCommand, OwnerEvent, OwnerState> Create() =>
        new(Name, new OwnerDecider(),
            OwnerJsonContext.Default.OwnerCommand,
            OwnerJsonContext.Default.OwnerEvent,
            OwnerJsonContext.Default.OwnerState);
}
