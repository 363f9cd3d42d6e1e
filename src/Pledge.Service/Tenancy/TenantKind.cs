using Pledge.Domain.Kernel;

namespace Pledge.Service.Tenancy;

/// <summary>Tenants live in the reserved <see cref="SystemTenant"/>, keyed by tenant id.</summary>
public static class TenantKind
{
    public const string SystemTenant = "_system";

    public static readonly EntityKind<TenantCommand, TenantEvent, TenantState> Kind = new(
        "tenant",
        TenantDecider.Instance,
        TenancyJsonContext.Default.TenantCommand,
        TenancyJsonContext.Default.TenantEvent,
        TenancyJsonContext.Default.TenantState);
}
