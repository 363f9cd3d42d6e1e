using Pledge.Domain.Conversations;
using Pledge.Domain.Policies;
using Pledge.Hosting;
using Pledge.Service;

namespace Pledge.Grains.Tests;

/// <summary>Entity grains on Orleans' AdoNet storage in PostgreSQL.</summary>
[Collection(DurableGrainCluster.Collection)]
public sealed class DurableStorageTests(DurableGrainCluster cluster) : IClassFixture<DurableGrainCluster>
{
    [Fact]
    public async Task Entities_of_different_kinds_with_one_key_keep_their_own_state()
    {
        // AdoNet storage keys a row by state name and grain key only; a shared state name would hand the owner
        // the conversation's row.
        var id = new EntityId("shared-key", "same");
        await cluster.Host.SendAsync(PledgeCatalog.Conversation, id, new ConversationCommand.Open(PolicyPresets.TalentChat, "talent", "cust"));

        Assert.NotNull(await cluster.Host.GetAsync(PledgeCatalog.Conversation, id));
        Assert.Null(await cluster.Host.GetAsync(PledgeCatalog.Owner, id));
        Assert.Null(await cluster.Host.GetAsync(PledgeCatalog.OwnerConduct, id));
    }
}
