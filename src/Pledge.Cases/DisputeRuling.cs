namespace Pledge.Cases;

/// <summary>Customer care's final decision on an escalated dispute.</summary>
public sealed record DisputeRuling(Party InFavourOf, string Reason, Solution? Solution, Actor By, DateTimeOffset At);
