using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Pledge.Hosting;

namespace Pledge.Grains.Hosting;

/// <summary>Turns a node's failure to start into one line for the operator and an exit code (1), instead of a stack trace.</summary>
public static class StartupFailure
{
    public static async Task<int> RunAsync(string node, Func<Task> start)
    {
        try
        {
            await start();
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } line)
        {
            Console.Error.WriteLine($"pledge {node}: {line}");
            return 1;
        }
    }

    private static string? Describe(Exception e) => e switch
    {
        OptionsValidationException o => string.Join("; ", o.Failures),
        StorageUnavailableException s => $"{s.Message} ({s.InnerException?.GetBaseException().Message})",
        Npgsql.NpgsqlException n => $"PostgreSQL refused: {n.GetBaseException().Message}",
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } s => $"a port is already in use ({s.Message}); set Pledge:Silo:SiloPort / Pledge:Silo:GatewayPort or --urls",
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } io => $"a port is already in use ({io.Message})",
        InvalidOperationException or ArgumentException or FormatException => e.Message,
        OrleansException o => $"the Orleans runtime did not start: {o.GetBaseException().Message}",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        _ when e.InnerException is { } inner => Describe(inner),
        _ => null,
    };
}
