namespace Pledge.Api.Endpoints;

/// <summary>Every tenant route of the v1 contract.</summary>
public static class PledgeEndpoints
{
    public static void MapPledgeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPolicyEndpoints();
        app.MapConversationEndpoints();
        app.MapCaseEndpoints();
        app.MapWebhookEndpoints();
        app.MapConductEndpoints();
        app.MapBookingEndpoints();
        app.MapCustomerEndpoints();
        app.MapRetentionEndpoints();
    }
}
