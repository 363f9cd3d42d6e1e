using Pledge.Hosting.Deadlines;

namespace Pledge.Hosting.Internal;

/// <summary>A command's result, and what it meant for a deadline when it was one's firing.</summary>
internal readonly record struct Outcome<TState, TEvent>(CommandResult<TState, TEvent> Result, FireOutcome? Fire)
    where TState : class;
