using Pledge.Domain.Kernel;

namespace Pledge.Service.Tenancy;

/// <summary>A tenant and its API keys. Keys are kept as hashes; issuing one twice with the same id is a no-op.</summary>
public sealed class TenantDecider : IDecider<TenantCommand, TenantEvent, TenantState>
{
    public static readonly TenantDecider Instance = new();

    public TenantState Initial => TenantState.None;

    public Decision<TenantEvent> Decide(TenantCommand command, TenantState state, DateTimeOffset now) => command switch
    {
        CreateTenant when state.Exists => Rejection.Conflict("tenant_exists", "The tenant exists already."),
        CreateTenant => Decision<TenantEvent>.Accept(new TenantCreated(now)),
        _ when !state.Exists => Rejection.NotFound("No such tenant.", "tenant_not_found"),
        IssueKey k when state.Keys.ContainsKey(k.KeyId) => Decision<TenantEvent>.Accept(),
        IssueKey k => Decision<TenantEvent>.Accept(new KeyIssued(k.KeyId, k.Role, k.SecretHash, now)),
        RevokeKey r when !state.Keys.ContainsKey(r.KeyId) => Rejection.NotFound("No such key.", "key_not_found"),
        RevokeKey r when state.Keys[r.KeyId].Revoked => Decision<TenantEvent>.Accept(),
        RevokeKey r => Decision<TenantEvent>.Accept(new KeyRevoked(r.KeyId, now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public TenantState Evolve(TenantState state, TenantEvent @event) => @event switch
    {
        TenantCreated e => state with { Exists = true, CreatedAt = e.At },
        KeyIssued e => state with { Keys = state.Keys.SetItem(e.KeyId, new TenantKey(e.KeyId, e.Role, e.SecretHash, e.At, false)) },
        KeyRevoked e => state with { Keys = state.Keys.SetItem(e.KeyId, state.Keys[e.KeyId] with { Revoked = true }) },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(TenantState state) => [];

    public TenantCommand OnDeadline(Deadline deadline) => throw new InvalidOperationException("Tenants have no deadlines.");
}
