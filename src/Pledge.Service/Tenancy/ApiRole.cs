using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Service.Tenancy;

/// <summary>What a tenant key may do: <c>platform</c> ingests and reads, <c>reviewer</c> decides, <c>admin</c> configures.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ApiRole>))]
public enum ApiRole
{
    Platform,
    Reviewer,
    Admin,
}
