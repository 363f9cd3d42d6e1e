namespace Pledge.Cases.Statistics;

/// <summary>One closed complaint of a company, as its statistics keep it.</summary>
public sealed record ComplaintClosure(string CaseId, string Protocol, DateTimeOffset ClosedAt, ComplaintResolution Resolution);
