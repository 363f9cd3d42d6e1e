namespace Pledge.Api.OpenApi;

/// <summary>
/// Endpoint metadata for a body read field by field: <paramref name="Property"/> names which record
/// (<paramref name="Variants"/>) the rest of the body is, and <paramref name="Envelope"/> holds the members every
/// variant shares (such as <c>as</c>). <see cref="DiscriminatedBodyTransformer"/> documents it with a discriminator.
/// </summary>
/// <param name="Name">The schema name of the whole body, e.g. <c>CaseFilingRequest</c>.</param>
/// <param name="VariantSuffix">Appended to a variant's record name for its schema (the record alone lacks the shared members).</param>
public sealed record DiscriminatedBody(string Name, string Property, IReadOnlyDictionary<string, Type> Variants, Type Envelope, string VariantSuffix);
