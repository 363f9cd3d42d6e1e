using System.Buffers;

namespace Pledge.Api.Endpoints;

/// <summary>
/// The one rule for every id a client chooses (tenants, conversations, owners, bookings…): 1–128 characters of
/// letters, digits and <c>-_.:@</c>, so ids are safe in paths, logs and keys.
/// </summary>
public static class Ids
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@");

    public static bool IsValid(string? id) => id is { Length: > 0 and <= 128 } && !id.AsSpan().ContainsAnyExcept(Allowed) && id != "." && id != "..";

    /// <summary>A 400 problem naming <paramref name="field"/> when <paramref name="id"/> is not a valid id, else null.</summary>
    public static IResult? Check(string? id, string field) =>
        IsValid(id) ? null : Problems.Problem.Invalid(field, $"'{field}' must be 1-128 characters of letters, digits and -_.:@.");
}
