using System.Text.Json.Nodes;
using Pledge.Api.Endpoints;
using Pledge.Service.Casework;

namespace Pledge.Api.OpenApi;

/// <summary>
/// One realistic example per request shape, as a platform would send it. The contract tests validate each against
/// its own schema, so an example cannot drift from what the code accepts.
/// </summary>
internal static class ContractExamples
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(ConversationEndpoints.OpenConversationRequest)] = """{"policy":"talent-chat","owner":"talent-7","customer":"cust-42"}""",
        [typeof(ConversationEndpoints.MessageRequest)] = """{"messageId":"m1","from":"customer","author":"cust-42","text":"Are you there?"}""",
        [typeof(ConversationEndpoints.ExcuseRequest)] = """{"reason":"The customer asked to continue tomorrow."}""",
        [typeof(BookingEndpoints.CreateBookingRequest)] = """{"customer":"cust-42","resource":"coach-3","start":"2026-03-10T14:00:00Z","end":"2026-03-10T15:00:00Z","id":"booking-1"}""",
        [typeof(BookingEndpoints.RescheduleRequest)] = """{"start":"2026-03-11T14:00:00Z","end":"2026-03-11T15:00:00Z","by":"customer"}""",
        [typeof(BookingEndpoints.CancelRequest)] = """{"reason":"Feeling unwell.","by":"customer"}""",
        [typeof(BookingEndpoints.AttendanceRequest)] = """{"kind":"joined","at":"2026-03-10T14:02:00Z"}""",
        [typeof(CustomerEndpoints.RestrictionRequest)] = """{"reason":"Repeated no-shows.","until":"2026-04-01T00:00:00Z"}""",
        [typeof(ConductEndpoints.ScreenRequest)] = """{"text":"Chat me on WhatsApp +62 812 3456 7890"}""",
        [typeof(ConductEndpoints.ViolationDecisionRequest)] = """{"decision":"confirm","reason":"Off-platform contact."}""",
        [typeof(RetentionEndpoints.RetentionRequest)] = """{"messageText":"P30D"}""",
        [typeof(TenantEndpoints.CreateTenantRequest)] = """{"id":"acme"}""",
        [typeof(TenantEndpoints.IssueKeyRequest)] = """{"role":"platform"}""",
        [typeof(WebhookEndpoints.CreateWebhookRequest)] = """{"url":"https://hooks.example.com/pledge","eventTypes":["wait_breached"]}""",
        [typeof(DisputeFiling)] = """{"type":"dispute","id":"dispute-1","as":{"id":"buyer-1","role":"buyer"},"orderId":"order-1","sellerId":"seller-1","problem":"damaged","description":"The screen arrived cracked.","wanted":{"kind":"full_refund"}}""",
        [typeof(ComplaintFiling)] = """{"type":"complaint","companyId":"acme-store","customerId":"cust-9","channel":"phone","subject":"Charged twice","description":"I was billed twice for March."}""",
        [typeof(OfferSolutionRequest)] = """{"action":"offer_solution","as":{"id":"seller-1","role":"seller"},"solution":{"kind":"partial_refund","amount":{"amount":20.00,"currency":"EUR"}},"explanation":"Only a corner is chipped."}""",
        [typeof(AcceptSolutionRequest)] = """{"action":"accept_solution","as":{"id":"buyer-1","role":"buyer"}}""",
        [typeof(ReportExecutionRequest)] = """{"action":"report_execution","side":"seller","note":"Refund paid."}""",
    };

    public static JsonNode? For(Type type) => Examples.TryGetValue(type, out var json) ? JsonNode.Parse(json) : null;
}
