namespace Pledge.Cli;

/// <summary>A failure the user caused or can fix; printed as one line, exits non-zero.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
