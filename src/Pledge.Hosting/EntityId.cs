namespace Pledge.Hosting;

/// <summary>The address of one entity: every key lives inside its tenant.</summary>
public readonly record struct EntityId(string Tenant, string Key)
{
    public override string ToString() => $"{Tenant}/{Key}";
}
