using Microsoft.Extensions.Caching.Memory;
using Pledge.Conduct.Screening;
using Pledge.Domain.Conversations;
using Pledge.Service.Policies;

namespace Pledge.Service.Conduct;

/// <summary>
/// The screener of a tenant: the product's rules extended by the tenant's <c>screening</c> policy. A message is
/// screened when it is received and its findings are recorded with it.
/// </summary>
public sealed class TenantScreening(PolicyRegistry policies, IMemoryCache cache)
{
    /// <summary>How long a tenant's policy is trusted before it is read again: how soon a change applies to new messages.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    public async Task<IScreener> ForAsync(string tenant, CancellationToken cancellationToken)
    {
        var policy = await cache.GetOrCreateAsync((nameof(TenantScreening), tenant), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = RefreshAfter;
            return await policies.ResolveAsync(PolicyFamilies.Screening, tenant, ScreeningPolicy.DefaultName, cancellationToken);
        });
        if (policy is null || policy.IsEmpty)
            return Screener.Default;
        // Building the extended rules takes milliseconds: one screener per tenant and policy version.
        return cache.GetOrCreate((nameof(Screener), tenant, policy.Version), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return new Screener(ScreeningRules.Default.Extend(policy.Extension));
        })!;
    }

    /// <summary>Drops this node's copy of the tenant's policy (after the tenant changed it here); other nodes refresh within <see cref="RefreshAfter"/>.</summary>
    public void Forget(string tenant) => cache.Remove((nameof(TenantScreening), tenant));

    /// <summary>The message with what the tenant's rules find in its text.</summary>
    public async Task<ConversationCommand.ReceiveMessage> ScreenAsync(string tenant, ConversationCommand.ReceiveMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Text))
            return message;
        var screener = await ForAsync(tenant, cancellationToken);
        var findings = screener.Screen(message.Text).Findings;
        return message with { Findings = [.. findings.Select(f => new MessageFinding(f.Category.Name(), f.Start, f.Length, f.Rule))] };
    }
}
