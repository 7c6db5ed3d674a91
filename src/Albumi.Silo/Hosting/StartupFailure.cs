using Albumi.Silo.Backups;
using Albumi.Silo.Database;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.MembershipService;

namespace Albumi.Silo.Hosting;

/// <summary>
/// The failures that end a node's start with one line and exit code 1 instead of a stack trace: no PostgreSQL, a
/// database it cannot use, a cluster it cannot join, a backup command that cannot go on.
/// </summary>
public static class StartupFailure
{
    /// <summary>What to tell the operator about <paramref name="exception"/>, or null when it is not one of these.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        PostgresNotInstalledException or DatabaseSetupException or BackupException => exception.Message,
        OrleansClusterConnectivityCheckFailedException =>
            "This node could not join the cluster: it cannot talk to every active silo. Check that their silo ports are reachable from here and that every node has the same silo TLS settings (Albumi:Cluster:Tls). "
            + exception.Message,
        _ => null,
    };

    /// <summary>Disposes the host; after a failure already described in one line, a failing dispose adds nothing.</summary>
    public static async Task DisposeAsync(IHost? host, bool afterFailure)
    {
        try
        {
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host?.Dispose();
            }
        }
        catch (Exception) when (afterFailure)
        {
            // Nothing to add: the line printed before says why the node ends.
        }
    }
}
