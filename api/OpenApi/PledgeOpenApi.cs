using Microsoft.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>The v1 document at <c>/openapi/v1.json</c>, from which platforms generate their clients.</summary>
public static class PledgeOpenApi
{
    public static IServiceCollection AddPledgeOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.CreateSchemaReferenceId = SchemaNames.Of;
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Pledge",
                Version = "v1",
                Description = "Customer-care promises: conversations and their response times, bookings, cases, policies. " +
                    "Every refusal is an RFC 9457 problem with a 'code', and the 'field' at fault when there is one.",
            };
            return Task.CompletedTask;
        });
        o.AddDocumentTransformer<BearerSecurityTransformer>();
        o.AddSchemaTransformer<ProblemDetailsSchema>();
        o.AddSchemaTransformer<IsoDurationSchema>();
        o.AddSchemaTransformer<TimeSchema>();
        o.AddSchemaTransformer<CaseTermSchema>();
        o.AddSchemaTransformer<OmittedMembersSchema>();
        o.AddSchemaTransformer<EnumSchema>();
        o.AddSchemaTransformer<ExampleSchema>();
        o.AddDocumentTransformer<PolicyDocumentSchema>();
        o.AddOperationTransformer<DiscriminatedBodyTransformer>();
    });
}
