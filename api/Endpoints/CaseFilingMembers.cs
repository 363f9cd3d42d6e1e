namespace Pledge.Api.Endpoints;

/// <summary>
/// The members every case filing shares beside its <c>type</c> (read by <see cref="CaseEndpoints"/> before the
/// filing's own record). Described here so the contract names them.
/// </summary>
/// <param name="Id">The case id; one is generated when omitted. Filing again with the same id and body is idempotent (200).</param>
/// <param name="As">Who files; the key's own party when omitted.</param>
public sealed record CaseFilingMembers(string? Id = null, ActingAs? As = null);
