using System.Text.Json.Serialization;

namespace Pledge.Hosting.Tests.Toys;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Add), "add")]
[JsonDerivedType(typeof(Arm), "arm")]
[JsonDerivedType(typeof(Disarm), "disarm")]
[JsonDerivedType(typeof(Tick), "tick")]
[JsonDerivedType(typeof(Refuse), "refuse")]
[JsonDerivedType(typeof(Nothing), "nothing")]
[JsonDerivedType(typeof(Forward), "forward")]
public abstract record CounterCommand;

public sealed record Add(long Amount) : CounterCommand;

public sealed record Arm(string Name, DateTimeOffset DueAt) : CounterCommand;

public sealed record Disarm(string Name) : CounterCommand;

public sealed record Tick(string Name, DateTimeOffset DueAt) : CounterCommand;

public sealed record Refuse : CounterCommand;

public sealed record Nothing : CounterCommand;

/// <summary>Adds <see cref="Amount"/> to another counter, through a reaction.</summary>
public sealed record Forward(string TargetKey, long Amount) : CounterCommand;
