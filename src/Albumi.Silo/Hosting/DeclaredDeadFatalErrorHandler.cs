using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Albumi.Silo.Hosting;

/// <summary>
/// Orleans' fatal-error handler, except for the one fatal error that is not a bug: the cluster declared this silo dead
/// (it was frozen, paused or cut off past failure detection, then ran again). Orleans would fail fast (SIGABRT, exit code
/// 134, a stack dump and maybe a core file); this ends the process with <see cref="DeclaredDeadExit.Code"/> and one line
/// instead, so a supervisor restarts a node that says why it left; told so while still joining, it lets the failed start
/// end the node with its own one line and exit code 1. Every other fatal error fails fast as in Orleans.
/// </summary>
internal sealed partial class DeclaredDeadFatalErrorHandler(
    IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<DeclaredDeadFatalErrorHandler> logger) : IFatalErrorHandler
{
    /// <summary>What Orleans' membership says when it finds this silo declared dead.</summary>
    private const string ToldDead = "I have been told I am dead";

    public bool IsUnexpected(Exception exception) => exception is not ThreadAbortException;

    public void OnFatalException(object? sender, string? context, Exception? exception)
    {
        var declaredDead = context?.Contains(ToldDead, StringComparison.Ordinal) == true;
        if (declaredDead && !lifetime.ApplicationStarted.IsCancellationRequested)
        {
            // Told so while joining: the start fails, and the node ends with that failure's one line and exit code 1.
            LogFatal(logger, exception, sender?.ToString() ?? "null", context ?? "null");
            return;
        }

        if (!declaredDead)
        {
            LogFatal(logger, exception, sender?.ToString() ?? "null", context ?? "null");

            Thread.Sleep(TimeSpan.FromSeconds(2)); // as Orleans does: time for the logs
            Environment.FailFast($"Fatal error from {sender}: {context}", exception);
            return;
        }

        var silo = services.GetRequiredService<ILocalSiloDetails>().Name;
        NodeRun.ExitNowAsync(
            services,
            DeclaredDeadExit.Code,
            $"This node's silo ({silo}) was declared dead by the cluster: it did not answer in time (frozen, paused or cut off). Exiting with code {DeclaredDeadExit.Code} so that its supervisor starts a fresh node.")
            .GetAwaiter().GetResult();
    }

    [LoggerMessage(EventId = 6202, Level = LogLevel.Critical, Message = "Fatal error from {Sender}: {Context}")]
    private static partial void LogFatal(ILogger logger, Exception? exception, string sender, string context);
}
