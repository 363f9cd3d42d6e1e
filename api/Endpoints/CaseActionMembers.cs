namespace Pledge.Api.Endpoints;

/// <summary>The members every case action shares beside its <c>action</c> (read by <see cref="CaseEndpoints"/> first).</summary>
/// <param name="As">Who acts; the key's own party when omitted.</param>
public sealed record CaseActionMembers(ActingAs? As = null);
