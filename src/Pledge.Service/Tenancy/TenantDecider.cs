using Pledge.Domain.Kernel;

namespace Pledge.Service.Tenancy;

/// <summary>A tenant and its API keys. Keys are kept as hashes; issuing one twice with the same id is a no-op.</summary>
public sealed class TenantDecider : IDecider<TenantCommand, TenantEvent, TenantState>
{
    public static readonly TenantDecider Instance = new();

    public static readonly TimeSpan MinRetention = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3660);

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
        SetRetention s when s.MessageText is { } keep && (keep < MinRetention || keep > MaxRetention || keep.Ticks % TimeSpan.TicksPerDay != 0) =>
            Rejection.Invalid("messageText", "Message texts are kept a whole number of days, from P1D to P3660D, or for ever (null)."),
        SetRetention s when s.MessageText == state.MessageTextRetention => Decision<TenantEvent>.Accept(),
        SetRetention s => Decision<TenantEvent>.Accept(new RetentionSet(s.MessageText, now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public TenantState Evolve(TenantState state, TenantEvent @event) => @event switch
    {
        TenantCreated e => state with { Exists = true, CreatedAt = e.At },
        KeyIssued e => state with { Keys = state.Keys.SetItem(e.KeyId, new TenantKey(e.KeyId, e.Role, e.SecretHash, e.At, false)) },
        KeyRevoked e => state with { Keys = state.Keys.SetItem(e.KeyId, state.Keys[e.KeyId] with { Revoked = true }) },
        RetentionSet e => state with { MessageTextRetention = e.MessageText },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(TenantState state) => [];

    public TenantCommand OnDeadline(Deadline deadline) => throw new InvalidOperationException("Tenants have no deadlines.");
}
