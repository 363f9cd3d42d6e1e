using Pledge.Domain.Kernel;

namespace Pledge.Cases;

/// <summary>Input checks shared by the case deciders; each names the field at fault.</summary>
internal static class Check
{
    public const int MaxId = 200;
    public const int MaxShortText = 500;
    public const int MaxText = 10_000;
    public const int MaxItems = 100;

    public static Rejection? Actor(Actor? actor) =>
        actor is null ? Rejection.Invalid("by", "Every command names who acts: {\"id\",\"role\"}.")
        : Id(actor.Id, "by.id") ?? Known(actor.Role, "by.role");

    public static Rejection? Id(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? Rejection.Invalid(field, $"'{field}' is required.")
        : value.Length > MaxId ? Rejection.Invalid(field, $"'{field}' is longer than {MaxId} characters.")
        : null;

    public static Rejection? Text(string? value, string field, int max = MaxText) =>
        Pledge.Domain.Kernel.Text.IsBlank(value) ? Rejection.Invalid(field, $"'{field}' is required.")
        : value.Length > max ? Rejection.Invalid(field, $"'{field}' is longer than {max} characters.")
        : null;

    public static Rejection? OptionalText(string? value, string field, int max = MaxText) =>
        value is not null && value.Length > max ? Rejection.Invalid(field, $"'{field}' is longer than {max} characters.") : null;

    public static Rejection? Known<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? null : Rejection.Invalid(field, $"'{value}' is not a known {field}.");

    public static Rejection? Money(Money? money, string field)
    {
        if (money is null) return null;
        if (money.Amount <= 0) return Rejection.Invalid($"{field}.amount", "An amount must be positive.");
        if (money.Amount.Scale > 4) return Rejection.Invalid($"{field}.amount", "An amount has at most 4 decimals.");
        return money.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper)
            ? null
            : Rejection.Invalid($"{field}.currency", "A currency is an ISO-4217 code like EUR.");
    }

    public static Rejection? Ids(IReadOnlyList<string>? ids, string field, bool required)
    {
        if (ids is null || ids.Count == 0)
            return required ? Rejection.Invalid(field, $"'{field}' needs at least one id.") : null;
        if (ids.Count > MaxItems) return Rejection.Invalid(field, $"'{field}' holds at most {MaxItems} ids.");
        for (var i = 0; i < ids.Count; i++)
        {
            if (Id(ids[i], $"{field}[{i}]") is { } bad) return bad;
            if (ids.Take(i).Contains(ids[i])) return Rejection.Invalid($"{field}[{i}]", $"'{ids[i]}' is listed twice.");
        }
        return null;
    }

    public static Rejection? Evidence(IReadOnlyList<Evidence>? evidence, string field)
    {
        if (evidence is null) return Rejection.Invalid(field, $"'{field}' is required (it may be empty).");
        if (evidence.Count > MaxItems) return Rejection.Invalid(field, $"'{field}' holds at most {MaxItems} items.");
        for (var i = 0; i < evidence.Count; i++)
        {
            var at = $"{field}[{i}]";
            var item = evidence[i];
            if (item is null) return Rejection.Invalid(at, "An evidence item is missing.");
            var bad = Known(item.Kind, $"{at}.kind")
                ?? Text(item.Ref, $"{at}.ref", 2_000)
                ?? (item.Sha256 is null || item.Sha256 is { Length: 64 } h && h.All(char.IsAsciiHexDigit)
                    ? null
                    : Rejection.Invalid($"{at}.sha256", "A SHA-256 is 64 hexadecimal characters."))
                ?? (item.Metadata is { Count: > 50 } ? Rejection.Invalid($"{at}.metadata", "At most 50 metadata entries.") : null);
            if (bad is not null) return bad;
        }
        return null;
    }

    public static Rejection? Solution(Solution? solution, string field)
    {
        if (solution is null) return Rejection.Invalid(field, $"'{field}' is required.");
        return Known(solution.Kind, $"{field}.kind")
            ?? Money(solution.Amount, $"{field}.amount")
            ?? OptionalText(solution.Details, $"{field}.details", MaxShortText)
            ?? solution.Kind switch
            {
                SolutionKind.PartialRefund when solution.Amount is null =>
                    Rejection.Invalid($"{field}.amount", "A partial refund names its amount."),
                SolutionKind.Other when string.IsNullOrWhiteSpace(solution.Details) =>
                    Rejection.Invalid($"{field}.details", "An 'other' solution says what it is."),
                _ => null,
            };
    }
}
