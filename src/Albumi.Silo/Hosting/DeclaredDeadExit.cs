using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Albumi.Silo.Hosting;

/// <summary>
/// Ends the node when the cluster declared its silo dead while it was meant to serve (it was frozen, paused or cut off
/// past failure detection, then came back). Such a silo never serves again: Orleans stops it, but would leave the process
/// up answering 503 for good. Instead the host stops and the process exits with <see cref="Code"/>, so that a supervisor
/// (systemd, Kubernetes) starts a fresh node, which joins as a new silo.
/// </summary>
/// <remarks>Registered after the silo, so it starts once the silo is active and stops before the silo leaves.</remarks>
public sealed partial class DeclaredDeadExit(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IHostApplicationLifetime lifetime,
    ILogger<DeclaredDeadExit> logger) : BackgroundService
{
    /// <summary>The exit code of a node whose silo was declared dead.</summary>
    public const int Code = 3;

    /// <summary>0, or <see cref="Code"/> once this node stopped because its silo was declared dead.</summary>
    public int ExitCode { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                if (snapshot.GetSiloStatus(silo.SiloAddress) == SiloStatus.Dead)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        if (stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        ExitCode = Code;
        LogDeclaredDead(logger, silo.Name, Code);
        await Console.Error.WriteLineAsync(
            $"This node's silo ({silo.Name}) was declared dead by the cluster: it did not answer in time (frozen, paused or cut off). Exiting with code {Code} so that its supervisor starts a fresh node.");
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Critical, Message = "The cluster declared this node's silo {Silo} dead; the node stops and exits with code {Code}")]
    private static partial void LogDeclaredDead(ILogger logger, string silo, int code);
}
