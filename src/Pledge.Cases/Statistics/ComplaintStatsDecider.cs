using Pledge.Domain.Kernel;

namespace Pledge.Cases.Statistics;

/// <summary>The <c>complaint-stats</c> decider, one entity per company, fed by reactions to <see cref="ComplaintClosed"/>.</summary>
public sealed class ComplaintStatsDecider : IDecider<ComplaintStatsCommand, ComplaintStatsEvent, ComplaintStatsState>
{
    public static ComplaintStatsDecider Instance { get; } = new();

    public ComplaintStatsState Initial => ComplaintStatsState.Initial;

    public Decision<ComplaintStatsEvent> Decide(ComplaintStatsCommand command, ComplaintStatsState state, DateTimeOffset now)
    {
        if (command is not RecordComplaintClosure record) return Rejection.Invalid("action", "Unknown complaint statistics command.");
        if (string.IsNullOrWhiteSpace(record.CaseId)) return Rejection.Invalid("caseId", "'caseId' is required.");
        if (!Enum.IsDefined(record.Resolution)) return Rejection.Invalid("resolution", "Unknown resolution.");
        if (state.Closures.Any(c => c.CaseId == record.CaseId)) return Decision<ComplaintStatsEvent>.Accept();
        return Decision<ComplaintStatsEvent>.Accept(
            new ComplaintClosureRecorded(new ComplaintClosure(record.CaseId, record.Protocol, record.ClosedAt, record.Resolution)));
    }

    public ComplaintStatsState Evolve(ComplaintStatsState state, ComplaintStatsEvent @event) => @event switch
    {
        ComplaintClosureRecorded e => state with { Closures = [.. state.Closures, e.Closure] },
        _ => state,
    };

    public IEnumerable<Deadline> Deadlines(ComplaintStatsState state) => [];

    public ComplaintStatsCommand OnDeadline(Deadline deadline) =>
        throw new InvalidOperationException("Complaint statistics set no deadlines.");
}
