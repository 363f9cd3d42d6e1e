namespace Pledge.Domain.Kernel;

/// <summary>Why a command was refused. Hosts change nothing when a command is refused.</summary>
/// <param name="Kind">The class of refusal; the HTTP front end maps it to a status code.</param>
/// <param name="Code">A stable machine-readable code, e.g. <c>slot_taken</c>.</param>
/// <param name="Message">One sentence for a person.</param>
/// <param name="Field">The input field at fault (camelCase, as in the REST contract), when one is.</param>
/// <param name="Details">Extra facts a client may act on, e.g. the clashing range or the first allowed date.</param>
public sealed record Rejection(
    RejectionKind Kind,
    string Code,
    string Message,
    string? Field = null,
    IReadOnlyDictionary<string, string>? Details = null)
{
    public static Rejection Invalid(string field, string message, string code = "invalid") =>
        new(RejectionKind.Invalid, code, message, field);

    public static Rejection NotFound(string message, string code = "not_found") =>
        new(RejectionKind.NotFound, code, message);

    public static Rejection Conflict(string code, string message, IReadOnlyDictionary<string, string>? details = null) =>
        new(RejectionKind.Conflict, code, message, null, details);

    /// <summary>The action is not allowed in the entity's current state; lists the allowed ones.</summary>
    public static Rejection NotAllowed(string state, IEnumerable<string> allowed) =>
        new(RejectionKind.NotAllowed, "action_not_allowed", $"Not allowed in state '{state}'.", "action",
            new Dictionary<string, string> { ["state"] = state, ["allowed"] = string.Join(",", allowed) });

    public static Rejection Restricted(string code, string message, IReadOnlyDictionary<string, string>? details = null) =>
        new(RejectionKind.Restricted, code, message, null, details);
}

/// <summary>Classes of refusal.</summary>
public enum RejectionKind
{
    /// <summary>The input is malformed or out of range (HTTP 400).</summary>
    Invalid,
    /// <summary>The entity or a referenced thing does not exist (HTTP 404).</summary>
    NotFound,
    /// <summary>The input clashes with existing state, e.g. an overlapping booking (HTTP 409).</summary>
    Conflict,
    /// <summary>The action is not allowed in the current state (HTTP 409, with the allowed actions).</summary>
    NotAllowed,
    /// <summary>The actor is barred by a sanction, restriction or embargo (HTTP 403).</summary>
    Restricted,
}
