using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

[JsonConverter(typeof(SnakeCaseEnumConverter<EvidenceKind>))]
public enum EvidenceKind
{
    Photo,
    Video,
    Receipt,
    Packaging,
    Tracking,
    Document,
    Other,
}
