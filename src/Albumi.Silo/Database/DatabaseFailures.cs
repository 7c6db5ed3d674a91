using System.Net.Sockets;
using Npgsql;

namespace Albumi.Silo.Database;

/// <summary>Which database failures are the database being away (and heal by themselves), as opposed to bugs or bad SQL.</summary>
public static class DatabaseFailures
{
    /// <summary>A refused or broken connection, a server starting or shutting down, a timeout: retry later, answer 503.</summary>
    public static bool IsUnavailable(Exception exception)
        => exception switch
        {
            NpgsqlException npgsql => npgsql.IsTransient,
            SocketException or TimeoutException => true,
            _ => exception.InnerException is { } inner && IsUnavailable(inner),
        };
}
