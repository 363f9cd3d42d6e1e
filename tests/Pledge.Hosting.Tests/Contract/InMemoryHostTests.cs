using Microsoft.Extensions.DependencyInjection;

namespace Pledge.Hosting.Tests.Contract;

public sealed class InMemoryHostTests : EntityHostContract
{
    protected override void AddHost(IServiceCollection services, Action<PledgeHostOptions> configure) =>
        services.AddPledgeInMemoryHost(configure);
}
