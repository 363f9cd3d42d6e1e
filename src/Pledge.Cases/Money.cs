namespace Pledge.Cases;

/// <summary>An amount in an ISO-4217 currency, e.g. <c>{"amount":12.50,"currency":"EUR"}</c>.</summary>
public sealed record Money(decimal Amount, string Currency);
