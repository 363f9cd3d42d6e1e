using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Pledge.Api.OpenApi;

/// <summary>
/// Schema names are the contract's vocabulary, which generated clients turn into type names. They follow the
/// record names, except where a record's name is an implementation detail.
/// </summary>
internal static class SchemaNames
{
    private static readonly Dictionary<Type, string> Renamed = new()
    {
        // What GET /v1/owners/{id} answers is the owner; the record named OwnerView is only its response rates.
        [typeof(Service.Conduct.OwnerProfile)] = "OwnerView",
        [typeof(Domain.Owners.OwnerView)] = "OwnerResponseRates",
        // Two enums are named Party: a conversation's sides (customer, agent) and a case's (buyer, seller).
        [typeof(Cases.Party)] = "CaseParty",
    };

    public static string? Of(JsonTypeInfo type) =>
        Renamed.TryGetValue(type.Type, out var name) ? name : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
}
