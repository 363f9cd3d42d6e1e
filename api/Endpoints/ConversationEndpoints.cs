using System.Security.Claims;
using Pledge.Api.Auth;
using Pledge.Api.OpenApi;
using Pledge.Api.Problems;
using Pledge.Domain.Conversations;
using Pledge.Service.Conversations;

namespace Pledge.Api.Endpoints;

/// <summary>Conversations: open or reassign, ingest messages, excuse waits, read the live state.</summary>
public static class ConversationEndpoints
{
    public sealed record OpenConversationRequest(string Policy, string? Owner = null, string? Customer = null);

    public sealed record MessageRequest(string MessageId, Party From, string Author, string? Text = null, DateTimeOffset? At = null);

    public sealed record ExcuseRequest(string Reason, int? WaitId = null);

    public const int MaxTextLength = 16_000;

    public static void MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/v1/conversations").WithTags("Conversations").ProducesKeyedProblems();

        conversations.MapPut("/{id}", async (string id, OpenConversationRequest request, ClaimsPrincipal user, ConversationService service, CancellationToken ct) =>
        {
            if ((Ids.Check(id, "id") ?? Ids.Check(request.Policy, "policy")
                ?? (request.Owner is null ? null : Ids.Check(request.Owner, "owner"))
                ?? (request.Customer is null ? null : Ids.Check(request.Customer, "customer"))) is { } bad)
                return bad;
            var (view, rejection) = await service.OpenAsync(user.Tenant(), id, request.Policy, request.Owner, request.Customer, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("OpenConversation")
        .WithSummary("Open a conversation under a policy, or reassign its owner or customer (idempotent).")
        .Produces<ConversationView>()
        .ProducesBodyProblems().ProducesRejections();

        conversations.MapPost("/{id}/messages", async (string id, MessageRequest request, ClaimsPrincipal user, ConversationService service, CancellationToken ct) =>
        {
            if ((Ids.Check(id, "id") ?? Ids.Check(request.MessageId, "messageId") ?? Ids.Check(request.Author, "author")) is { } bad)
                return bad;
            if (request.Text is { Length: > MaxTextLength })
                return Problem.Invalid("text", $"'text' may hold at most {MaxTextLength} characters.");
            var message = new ConversationCommand.ReceiveMessage(request.MessageId, request.From, request.Author, request.Text, request.At);
            var (view, rejection) = await service.ReceiveAsync(user.Tenant(), id, message, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("ReceiveMessage")
        .WithSummary("Ingest a message; a customer's opens a wait, the agent's answer closes it (idempotent on messageId).")
        .Produces<ConversationView>()
        .ProducesBodyProblems().ProducesRejections();

        conversations.MapPost("/{id}/excuses", async (string id, ExcuseRequest request, ClaimsPrincipal user, ConversationService service, CancellationToken ct) =>
        {
            if (Ids.Check(id, "id") is { } bad) return bad;
            if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
                return Problem.Invalid("reason", "'reason' must be 1-1000 characters.");
            var (view, rejection) = await service.ExcuseAsync(user.Tenant(), id, request.Reason, request.WaitId, ct);
            return view is null ? Problem.From(rejection!) : Results.Ok(view);
        })
        .RequireAuthorization(AccessPolicies.Ingest)
        .WithName("ExcuseWait")
        .WithSummary("Excuse the open wait (or the one named by waitId) so it cannot breach.")
        .Produces<ConversationView>()
        .ProducesBodyProblems().ProducesRejections();

        conversations.MapGet("/{id}", async (string id, ClaimsPrincipal user, ConversationService service, CancellationToken ct) =>
            Ids.Check(id, "id") ?? (await service.GetAsync(user.Tenant(), id, ct) is { } view ? Results.Ok(view) : Problem.NotFound("conversation")))
        .RequireAuthorization(AccessPolicies.Read)
        .WithName("GetConversation")
        .Produces<ConversationView>()
        .ProducesLookupProblems();
    }
}
