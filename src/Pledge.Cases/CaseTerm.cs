namespace Pledge.Cases;

/// <summary>
/// A time allowed for a step, in days. Business days are counted in the tenant's calendar, which the
/// decider does not know: the application layer computes the due time and passes it in the command.
/// Elapsed days need no calendar, so the decider falls back to <c>now + Days</c> when no due time is passed.
/// </summary>
public sealed record CaseTerm(int Days, bool BusinessDays)
{
    public static CaseTerm Business(int days) => new(days, true);

    public static CaseTerm Elapsed(int days) => new(days, false);
}
