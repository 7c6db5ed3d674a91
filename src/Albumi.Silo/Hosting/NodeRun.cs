using Albumi.Silo.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Albumi.Silo.Hosting;

/// <summary>
/// Runs a node's host until it is shut down (SIGTERM, Ctrl+C, or its silo declared dead), and ends the process within
/// the host's shutdown timeout (<c>Albumi:ShutdownTimeout</c>) whatever the silo does: Orleans' own shutdown steps wait
/// up to a minute each to write the silo's status, so a node whose database is gone would otherwise take minutes.
/// </summary>
public static class NodeRun
{
    /// <summary>The exit code of a node that did not finish stopping within its shutdown timeout.</summary>
    public const int StopTimedOutCode = 1;

    /// <summary>
    /// Starts the host and waits for its shutdown. Not <c>RunAsync</c>: that disposes the host itself, and a dispose that
    /// fails after a failed start (an Orleans silo that could not join may not stop cleanly) would replace the failure
    /// <see cref="StartupFailure"/> describes in one line. Returns the exit code: 0, or <see cref="DeclaredDeadExit.Code"/>
    /// when the node stopped because the cluster declared its silo dead.
    /// </summary>
    public static async Task<int> RunAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.StartAsync();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);

        var timeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var stop = host.StopAsync(CancellationToken.None);
        if (await Task.WhenAny(stop, Task.Delay(timeout)) != stop)
        {
            await AbandonAsync(host, timeout);
        }

        await stop;
        return host.Services.GetService<DeclaredDeadExit>()?.ExitCode ?? 0;
    }

    /// <summary>Leaves without waiting for the rest of the shutdown (Orleans would wait on a database that is gone).</summary>
    private static Task AbandonAsync(IHost host, TimeSpan timeout)
        => ExitNowAsync(
            host.Services,
            StopTimedOutCode,
            $"The node did not stop within its shutdown timeout ({timeout.TotalSeconds:0} s; Albumi:ShutdownTimeout), most likely because its database is unreachable: exiting without waiting for the rest.");

    /// <summary>
    /// Ends the process now with <paramref name="code"/> after one line on standard error, stopping the embedded database
    /// first when this node started it.
    /// </summary>
    internal static async Task ExitNowAsync(IServiceProvider services, int code, string why)
    {
        await Console.Error.WriteLineAsync(why);
        if (services.GetRequiredService<DatabaseSettings>().Embedded is { } embedded)
        {
            using var pgCtl = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await embedded.StopIfStartedHereAsync(pgCtl.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // The console lifetime would hold the exit until the host is disposed (what may hang), then report 0.
        (services.GetService<IHostLifetime>() as IDisposable)?.Dispose();
        Environment.Exit(code);
    }
}
