using Npgsql;

namespace Pledge.Hosting.Postgres;

internal static class PostgresDataSource
{
    /// <summary>True when the failure is about reaching the database, not about the statement.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException n => n.IsTransient || n.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    public static Exception Wrap(Exception e) =>
        IsUnavailable(e) ? new StorageUnavailableException("The PostgreSQL database is not reachable.", e) : e;
}
