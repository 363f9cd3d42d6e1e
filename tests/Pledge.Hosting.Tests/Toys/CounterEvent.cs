using System.Text.Json.Serialization;

namespace Pledge.Hosting.Tests.Toys;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Added), "added")]
[JsonDerivedType(typeof(Armed), "armed")]
[JsonDerivedType(typeof(Disarmed), "disarmed")]
[JsonDerivedType(typeof(Ticked), "ticked")]
[JsonDerivedType(typeof(Forwarded), "forwarded")]
public abstract record CounterEvent;

public sealed record Added(long Amount) : CounterEvent;

public sealed record Armed(string Name, DateTimeOffset DueAt) : CounterEvent;

public sealed record Disarmed(string Name) : CounterEvent;

public sealed record Ticked(string Name, DateTimeOffset DueAt) : CounterEvent;

public sealed record Forwarded(string TargetKey, long Amount) : CounterEvent;
