using Pledge.Cli;

// Each command lives in its own file; this only routes. Errors are one line on stderr and a non-zero exit.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["replay"] = ReplayCommand.RunAsync,
    ["screen"] = ScreenCommand.RunAsync,
    ["evaluate-screening"] = EvaluateScreeningCommand.RunAsync,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var run))
{
    await Console.Error.WriteLineAsync($"usage: pledge <{string.Join("|", commands.Keys)}> [options]");
    return 2;
}

try
{
    return await run(args[1..]);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"pledge {args[0]}: {e.Message}");
    return e.ExitCode;
}
