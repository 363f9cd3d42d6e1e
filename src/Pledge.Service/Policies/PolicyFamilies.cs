using Pledge.Domain.Kernel;
using Pledge.Bookings.Policies;
using Pledge.Cases;
using Pledge.Conduct.Screening;
using Pledge.Domain.Policies;

namespace Pledge.Service.Policies;

/// <summary>The policy families Pledge ships, each with its presets.</summary>
public static class PolicyFamilies
{
    public static readonly PolicyFamily<ConversationPolicy> Conversation = new(
        "conversation",
        PolicyPresets.All.ToDictionary(p => p.Name),
        PolicyJsonContext.Default.ConversationPolicy,
        p => p.Version,
        (p, name, version) => p with { Name = name, Version = version },
        p => UnderPolicy(p.Validate()));

    public static readonly PolicyFamily<BookingPolicy> Booking = new(
        "booking",
        BookingPolicies.All.ToDictionary(p => p.Name),
        global::Pledge.Bookings.BookingsJsonContext.Default.BookingPolicy,
        p => p.Version,
        (p, name, version) => p with { Name = name, Version = version },
        p => p.Validate());

    public static readonly PolicyFamily<CasePolicy> Case = new(
        "case",
        CasePolicies.All.ToDictionary(p => p.Name),
        global::Pledge.Cases.CasesJsonContext.Default.CasePolicy,
        p => p.Version,
        (p, name, version) => p with { Name = name, Version = version },
        p => p.Validate());

    /// <summary>A tenant's additions to message screening (allowed link domains, terms, lexicon text).</summary>
    public static readonly PolicyFamily<ScreeningPolicy> Screening = new(
        "screening",
        new Dictionary<string, ScreeningPolicy> { [ScreeningPolicy.DefaultName] = ScreeningPolicy.Preset },
        ScreeningJsonContext.Default.ScreeningPolicy,
        p => p.Version,
        (p, name, version) => p with { Name = name, Version = version },
        p => UnderPolicy(p.Validate()));

    public static IEnumerable<IPolicyFamily> All => [Conversation, Booking, Case, Screening];

    // The conversation and screening rules name their fields from the document's root; the booking and case rules
    // already under "policy.", the request's field. Each family is placed once, here.
    private static Rejection? UnderPolicy(Rejection? rejection) =>
        rejection is null ? null : rejection with { Field = rejection.Field is null ? "policy" : "policy." + rejection.Field };
}
