using System.Collections.Immutable;

namespace Pledge.Hosting.Tests.Toys;

public sealed record Alarm(string Name, DateTimeOffset DueAt);

public sealed record CounterState(long Total, int Ticks, ImmutableArray<Alarm> Alarms)
{
    public static readonly CounterState Zero = new(0, 0, []);
}
