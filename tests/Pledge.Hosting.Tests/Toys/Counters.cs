using Pledge.Domain.Kernel;

namespace Pledge.Hosting.Tests.Toys;

public static class Counters
{
    /// <summary>A fresh kind per call: reactors are attached to a kind instance.</summary>
    public static EntityKind<CounterCommand, CounterEvent, CounterState> Kind() =>
        new EntityKind<CounterCommand, CounterEvent, CounterState>(
                "counter",
                new CounterDecider(),
                CounterJson.Default.CounterCommand,
                CounterJson.Default.CounterEvent,
                CounterJson.Default.CounterState,
                s => s.Total % 2 == 0 ? "even" : "odd")
            .ReactWith((_, e, _) => e is Forwarded f ? [new Reaction("counter", f.TargetKey, new Add(f.Amount))] : []);
}
