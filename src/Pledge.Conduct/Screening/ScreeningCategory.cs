using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Conduct.Screening;

/// <summary>What a screen finding is about. Written as snake_case (<c>off_platform</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ScreeningCategory>))]
public enum ScreeningCategory
{
    /// <summary>Phone numbers, messenger contacts, e-mail, outside links, QR codes, store addresses, refunds outside the platform.</summary>
    OffPlatform,
    /// <summary>Rewards in exchange for a (positive) review.</summary>
    ReviewIncentive,
    /// <summary>Coercion or intimidation, e.g. about reviews, returns or refunds.</summary>
    Threat,
    /// <summary>Asking the buyer to cancel the order.</summary>
    CancelRequest,
    /// <summary>Asking for payment beyond the agreed price.</summary>
    ExtraPayment,
    /// <summary>Asking for personal data (ID numbers, passwords, OTP codes, card data…).</summary>
    PersonalInfoRequest,
    Profanity,
    Insult,
    SexualHarassment,
    /// <summary>Hostility about race, religion, ethnicity or origin.</summary>
    Discrimination,
    Spam,
    Scam,
}

/// <summary>Names of <see cref="ScreeningCategory"/> values as they appear in JSON and in lexicon files.</summary>
public static class ScreeningCategoryNames
{
    private static readonly ScreeningCategory[] All = Enum.GetValues<ScreeningCategory>();
    private static readonly string[] Names = All.Select(c => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString())).ToArray();

    /// <summary>Every category, in declaration order.</summary>
    public static IReadOnlyList<ScreeningCategory> Values => All;

    /// <summary>The category's snake_case name, e.g. <c>off_platform</c>.</summary>
    public static string Name(this ScreeningCategory category) => Names[(int)category];

    /// <summary>Parses a snake_case category name; false when there is no such category.</summary>
    public static bool TryParse(string name, out ScreeningCategory category)
    {
        var index = Array.IndexOf(Names, name);
        category = index < 0 ? default : All[index];
        return index >= 0;
    }
}
