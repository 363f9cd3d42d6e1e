using System.Text.Json.Serialization;
using Pledge.Domain.Json;

namespace Pledge.Cases;

/// <summary>What a money-back claim says went wrong; <see cref="ClaimCategories.GroupOf"/> gives its group.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ClaimCategory>))]
public enum ClaimCategory
{
    // harassment
    SexualHarassment,
    /// <summary>Demeaning, mocking or insulting.</summary>
    Demeaning,
    /// <summary>Asking for or spreading personal information.</summary>
    PersonalInformation,

    // discrimination
    Partiality,
    /// <summary>Race, religion, ethnicity or origin (Indonesian "SARA").</summary>
    Sara,

    // unprofessional
    /// <summary>Checked against the conversation's own breach record, not by a reviewer.</summary>
    ResponseTime,
    NotListening,
    /// <summary>Harsh criticism or blaming.</summary>
    HarshCriticism,
    ConfidentialityBreach,
    /// <summary>E.g. asking for payment beyond the agreed price.</summary>
    Exploitation,
    InappropriateLanguage,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<ClaimCategoryGroup>))]
public enum ClaimCategoryGroup
{
    Harassment,
    Discrimination,
    Unprofessional,
}

public static class ClaimCategories
{
    public static ClaimCategoryGroup GroupOf(ClaimCategory category) => category switch
    {
        ClaimCategory.SexualHarassment or ClaimCategory.Demeaning or ClaimCategory.PersonalInformation => ClaimCategoryGroup.Harassment,
        ClaimCategory.Partiality or ClaimCategory.Sara => ClaimCategoryGroup.Discrimination,
        _ => ClaimCategoryGroup.Unprofessional,
    };
}
