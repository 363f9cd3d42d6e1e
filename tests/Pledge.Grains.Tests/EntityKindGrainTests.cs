using Microsoft.Extensions.DependencyInjection;
using Pledge.Domain.Kernel;
using Pledge.Hosting;
using Pledge.Service;
using Pledge.Service.Hosting;

namespace Pledge.Grains.Tests;

[Collection(GrainClusterCollection.Name)]
public sealed class EntityKindGrainTests(GrainCluster cluster)
{
    [Fact]
    public async Task Every_entity_kind_of_the_catalog_is_served_by_a_grain_of_its_own()
    {
        var services = new ServiceCollection();
        PledgeCatalog.Register(services);
        var kinds = services.BuildServiceProvider().GetServices<IEntityKind>().Select(k => k.Name).ToArray();

        Assert.Equal(kinds.OrderBy(k => k, StringComparer.Ordinal), EntityGrains.Kinds.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var kind in kinds)
        {
            var grain = EntityGrains.Get(cluster.Cluster.Client, kind, new EntityId("kinds", "nobody"));
            Assert.Null(await grain.GetAsync());
            Assert.Empty(await grain.GetHistoryAsync(0, 10));
        }
    }

    [Fact]
    public async Task Lists_page_through_the_index_by_status_in_key_order()
    {
        foreach (var key in new[] { "c3", "c1", "c2" })
            await cluster.Host.SendAsync(PledgeCatalog.Conversation, new EntityId("lists", key),
                new Domain.Conversations.ConversationCommand.Open(Domain.Policies.PolicyPresets.TalentChat, "o", "c"));
        await cluster.Host.SendAsync(PledgeCatalog.Conversation, new EntityId("lists", "c2"),
            new Domain.Conversations.ConversationCommand.ReceiveMessage("m1", Domain.Conversations.Party.Customer, "c", "hi", null));

        var first = await cluster.Host.ListAsync(PledgeCatalog.Conversation, "lists", null, null, 2);
        var rest = await cluster.Host.ListAsync(PledgeCatalog.Conversation, "lists", null, first[^1].Id.Key, 2);
        var open = await cluster.Host.ListAsync(PledgeCatalog.Conversation, "lists", "open", "c1", 10);
        var eligible = await cluster.Host.ListAsync(PledgeCatalog.Conversation, "lists", "claim_eligible", null, 10);

        Assert.Equal(["c1", "c2"], first.Select(s => s.Id.Key));
        Assert.Equal(["c3"], rest.Select(s => s.Id.Key));
        Assert.Equal(["c2", "c3"], open.Select(s => s.Id.Key));
        Assert.Empty(eligible);
    }
}
