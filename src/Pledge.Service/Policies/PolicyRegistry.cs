using System.Text.Json;
using Pledge.Domain.Kernel;
using Pledge.Hosting;

namespace Pledge.Service.Policies;

/// <summary>A policy as a tenant sees it: the preset, or the tenant's latest version of it.</summary>
public sealed record PolicyView(string Name, string Family, int Version, bool Overridden, JsonElement Policy, IReadOnlyList<int> Versions);

/// <summary>Resolves named policies for a tenant: the tenant's latest override, else the shipped preset.</summary>
public sealed class PolicyRegistry(IEntityHost host, IEnumerable<IPolicyFamily> families)
{
    private readonly IReadOnlyList<IPolicyFamily> families = families.ToArray();

    /// <summary>The policy <paramref name="name"/> of <paramref name="family"/> for the tenant, or null when there is none.</summary>
    public async Task<TPolicy?> ResolveAsync<TPolicy>(PolicyFamily<TPolicy> family, string tenant, string name, CancellationToken cancellationToken)
        where TPolicy : class
    {
        var overrides = await host.GetAsync(PolicyOverrideKind.Kind, new EntityId(tenant, name), cancellationToken);
        if (overrides?.State is { Family: var f, Latest: { } latest } && f == family.Family)
            return family.Read(latest.Document);
        return family.Preset(name);
    }

    public async Task<IReadOnlyList<PolicyView>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        var views = new List<PolicyView>();
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = await host.ListAsync(PolicyOverrideKind.Kind, tenant, null, after, 100, cancellationToken);
            foreach (var snapshot in page)
                if (View(snapshot.Id.Key, snapshot.State) is { } view && overridden.Add(view.Name))
                    views.Add(view);
            if (page.Count < 100) break;
            after = page[^1].Id.Key;
        }
        foreach (var family in families)
            foreach (var name in family.PresetNames.Where(n => !overridden.Contains(n)))
                views.Add(PresetView(family, name));
        return views.OrderBy(v => v.Name, StringComparer.Ordinal).ToArray();
    }

    public async Task<PolicyView?> GetAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        var overrides = await host.GetAsync(PolicyOverrideKind.Kind, new EntityId(tenant, name), cancellationToken);
        if (overrides is not null && View(name, overrides.State) is { } view)
            return view;
        return families.FirstOrDefault(f => f.PresetNames.Contains(name)) is { } family ? PresetView(family, name) : null;
    }

    /// <summary>
    /// Publishes a new version of <paramref name="name"/>. The family comes from the existing policy of that name,
    /// else from <paramref name="familyHint"/> (required for a new name).
    /// </summary>
    public async Task<(PolicyView? View, Rejection? Rejection)> PutAsync(
        string tenant, string name, string? familyHint, JsonElement document, string by, CancellationToken cancellationToken)
    {
        var id = new EntityId(tenant, name);
        var current = await host.GetAsync(PolicyOverrideKind.Kind, id, cancellationToken);
        var familyName = current?.State.Family
            ?? families.FirstOrDefault(f => f.PresetNames.Contains(name))?.Family
            ?? familyHint;
        if (familyName is null)
            return (null, Rejection.Invalid("family", $"'{name}' is a new policy name: give its family ({string.Join(", ", families.Select(f => f.Family))})."));
        if (familyHint is not null && familyHint != familyName)
            return (null, Rejection.Invalid("family", $"'{name}' is a '{familyName}' policy."));
        var family = families.FirstOrDefault(f => f.Family == familyName);
        if (family is null)
            return (null, Rejection.Invalid("family", $"Unknown policy family '{familyName}'."));

        var baseVersion = family.PresetVersion(name);
        var nextVersion = PolicyOverrideDecider.NextVersion(current?.State ?? PolicyOverrideState.None, baseVersion);
        var (normalized, rejection) = family.Normalize(name, nextVersion, document);
        if (rejection is not null)
            return (null, rejection);
        var result = await host.SendAsync(PolicyOverrideKind.Kind, id, new PublishPolicy(family.Family, normalized!, baseVersion, nextVersion, by), null, cancellationToken);
        if (result.Rejection is not null)
            return (null, result.Rejection);
        return (View(name, result.Snapshot!.State), null);
    }

    private static PolicyView? View(string name, PolicyOverrideState state) =>
        state is { Family: { } family, Latest: { } latest }
            ? new PolicyView(name, family, latest.Version, true, JsonDocument.Parse(latest.Document).RootElement.Clone(), state.Versions.Select(v => v.Version).ToArray())
            : null;

    private static PolicyView PresetView(IPolicyFamily family, string name) =>
        new(name, family.Family, family.PresetVersion(name), false, family.PresetDocument(name)!.Value, [family.PresetVersion(name)]);
}
