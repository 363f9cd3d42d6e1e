using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Pledge.Bookings.Bookings;
using Pledge.Bookings.Policies;

namespace Pledge.Bookings.Customers;

/// <summary>What has happened to a customer's standing; the discriminators are the webhook event types.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(NoShowCounted), "no_show_counted")]
[JsonDerivedType(typeof(NoShowWarningIssued), "no_show_warning")]
[JsonDerivedType(typeof(FeeRequiredImposed), "fee_required")]
[JsonDerivedType(typeof(EmbargoImposed), "embargo")]
[JsonDerivedType(typeof(NoShowsExpired), "no_shows_expired")]
[JsonDerivedType(typeof(FeeSettled), "fee_settled")]
[JsonDerivedType(typeof(EmbargoEnded), "embargo_ended")]
[JsonDerivedType(typeof(CustomerRestricted), "customer_restricted")]
[JsonDerivedType(typeof(RestrictionLifted), "restriction_lifted")]
[JsonDerivedType(typeof(RestrictionExpired), "restriction_expired")]
public abstract record CustomerEvent;

/// <param name="ExpiresAt">When it drops out: one microsecond after the window has passed.</param>
/// <param name="InWindow">No-shows counting after this one, itself included.</param>
public sealed record NoShowCounted(
    string BookingId, int Ordinal, DateTimeOffset At, NoShowReason Reason, DateTimeOffset ExpiresAt, int InWindow, BookingPolicy Policy) : CustomerEvent;

/// <summary>The first no-show within the window: a warning.</summary>
public sealed record NoShowWarningIssued(string BookingId, int Ordinal, DateTimeOffset At) : CustomerEvent;

/// <summary>A repeat no-show under a fee policy: the customer's next booking requires a fee.</summary>
public sealed record FeeRequiredImposed(string BookingId, int Ordinal, DateTimeOffset At) : CustomerEvent;

/// <summary>A repeat no-show under an embargo policy: no booking before <paramref name="Until"/>.</summary>
public sealed record EmbargoImposed(string BookingId, int Ordinal, DateTimeOffset At, DateTimeOffset Until) : CustomerEvent;

public sealed record NoShowRef(string BookingId, int Ordinal);

public sealed record NoShowsExpired(ImmutableArray<NoShowRef> NoShows, DateTimeOffset At) : CustomerEvent;

public sealed record FeeSettled(string BookingId, DateTimeOffset At) : CustomerEvent;

public sealed record EmbargoEnded(DateTimeOffset At) : CustomerEvent;

public sealed record CustomerRestricted(string Reason, DateTimeOffset? Until, string By, DateTimeOffset At) : CustomerEvent;

public sealed record RestrictionLifted(string By, string? Reason, DateTimeOffset At) : CustomerEvent;

public sealed record RestrictionExpired(DateTimeOffset At) : CustomerEvent;
