using Orleans.Serialization.Invocation;

namespace Pledge.Grains;

/// <summary>
/// Reminder ticks run between the turns of a busy grain. A silo's reminder service waits for a tick to return before
/// it answers that grain's own reminder calls, so a tick queued behind a turn that is registering (or removing) the
/// grain's reminder holds both until the call timeout. A tick therefore never calls the reminder service itself; it
/// leaves that to a timer that runs after it.
/// </summary>
public static class ReminderTicks
{
    /// <summary>
    /// Orleans' shortest reminder period: the cadence at which a missed or failed firing is retried, and within about
    /// which a dead silo's reminders (deadlines, pending webhook deliveries) resume on another.
    /// </summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its tick a grain re-aims (or removes) its reminder: ticks come on whole seconds, a second's worth
    /// of deadlines at once, and each re-aim is a reminder read and write; spread by grain over the following second
    /// (by its hash, not at random) they no longer queue in front of the deadlines firing meanwhile.
    /// </summary>
    public static TimeSpan ReaimDelay(GrainId grain) => TimeSpan.FromMilliseconds(grain.GetUniformHashCode() % 1000);

    public static bool Is(IInvokable request) => request.GetInterfaceType() == typeof(IRemindable);

    /// <summary>
    /// The first tick for a reminder wanted at <paramref name="at"/>: on a whole second, not before it (nor before
    /// <paramref name="now"/>). The reminder service waits for a tick in <c>Task.Delay</c> steps of whole
    /// milliseconds, so a clock that stands still less than a millisecond before a tick (a test's) would have it spin;
    /// whole-second ticks stay clear of that, and the grain's own timer fires a deadline at its exact instant anyway.
    /// </summary>
    public static DateTimeOffset FirstTick(DateTimeOffset now, DateTimeOffset at)
    {
        var wanted = at > now ? at : now;
        var ticks = wanted.UtcTicks;
        var rest = ticks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(rest == 0 ? ticks : ticks - rest + TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
