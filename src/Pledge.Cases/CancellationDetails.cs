namespace Pledge.Cases;

/// <summary>The cancellation part of a case's state.</summary>
/// <param name="Subscription">The subscription or service cancelled (the platform's reference).</param>
/// <param name="EffectiveAt">The moment of the request: the cancellation takes effect then, whatever is owed.</param>
/// <param name="Debt">What the customer still owed; recorded beside the cancellation, never in its way.</param>
public sealed record CancellationDetails(
    string CustomerId,
    string Subscription,
    ContactChannel Channel,
    string? Reason,
    DateTimeOffset EffectiveAt,
    Money? Debt = null);
