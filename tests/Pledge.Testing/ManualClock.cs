namespace Pledge.Testing;

/// <summary>
/// A clock that moves only when a test moves it. Timers created from it fire, in due order, when
/// <see cref="Advance"/> passes their due time — so tests of timed behaviour need no sleeps.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>
    /// Moves the clock forward, then fires every timer due by the new time, earliest first (as a real clock that
    /// jumped would). Callbacks see the new time: one that re-arms itself until a due time ahead of the old one
    /// (Orleans' delay loops do) then finds it passed, instead of spinning on a timer due at the instant it fired.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (gate) now += by;
        while (true)
        {
            ManualTimer? next;
            lock (gate)
            {
                next = timers.Where(t => t.DueAt is { } d && d <= now).MinBy(t => t.DueAt);
                if (next is null) return;
                next.Elapse();
            }
            next.Invoke();
        }
    }

    /// <summary>Timestamps follow this clock, so elapsed-time measurements agree with <see cref="GetUtcNow"/>.</summary>
    public override long GetTimestamp()
    {
        lock (gate) return now.UtcTicks;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>
    /// Background work that runs while <see cref="Advance"/> is under way can arm a timer due a hair after the new
    /// time, which a real clock would reach at once. This moves the clock to the earliest such timer (at most
    /// <paramref name="within"/> ahead) and fires it; false when there is none.
    /// </summary>
    public bool FireDueWithin(TimeSpan within)
    {
        DateTimeOffset? due;
        lock (gate) due = timers.Select(t => t.DueAt).Where(d => d <= now + within).Min();
        if (due is not { } at) return false;
        AdvanceTo(at > GetUtcNow() ? at : GetUtcNow());
        return true;
    }

    /// <summary>When the armed timers fall due, earliest first (for failure messages).</summary>
    public IReadOnlyList<DateTimeOffset> PendingTimers
    {
        get { lock (gate) return [.. timers.Select(t => t.DueAt).OfType<DateTimeOffset>().Order()]; }
    }

    /// <summary>Moves the clock to <paramref name="at"/> (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset at) => Advance(at - GetUtcNow());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                this.period = period;
                clock.timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = null;
                    return true;
                }
                DueAt = clock.now + dueTime;
                clock.timers.Add(this);
                return true;
            }
        }

        // Called under the clock's lock: re-arms a periodic timer or retires a one-shot one.
        public void Elapse()
        {
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
            {
                DueAt = null;
                clock.timers.Remove(this);
            }
            else
            {
                DueAt = DueAt!.Value + period;
            }
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                DueAt = null;
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
