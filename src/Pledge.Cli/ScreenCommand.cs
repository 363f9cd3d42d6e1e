namespace Pledge.Cli;

internal static class ScreenCommand
{
    public static Task<int> RunAsync(string[] args) => throw new CliException("not built yet");
}
