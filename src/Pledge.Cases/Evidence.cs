namespace Pledge.Cases;

/// <summary>
/// A reference to a piece of evidence the platform stores (Pledge keeps no files): where it is, the SHA-256
/// of its content so that it cannot be swapped later, and free-form metadata (file name, size, carrier…).
/// </summary>
/// <param name="Ref">A URI or the platform's own reference (e.g. a tracking number).</param>
/// <param name="Sha256">Lower- or upper-case hex SHA-256 of the content; absent for references without content.</param>
public sealed record Evidence(
    EvidenceKind Kind,
    string Ref,
    string? Sha256 = null,
    IReadOnlyDictionary<string, string>? Metadata = null);
