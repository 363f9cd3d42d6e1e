using Pledge.Abstractions;
using Pledge.Domain.Conversations;
using Pledge.Service;

namespace Pledge.Grains.Entities;

/// <summary>Hosts a conversation: its decider, nothing more.</summary>
public sealed class ConversationGrain(EntityRuntime runtime)
    : EntityGrain<ConversationCommand, ConversationEvent, ConversationState>(PledgeCatalog.Conversation, runtime), IConversationGrain;
