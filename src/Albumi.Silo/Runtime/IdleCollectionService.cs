using Albumi.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Albumi.Silo.Runtime;

/// <summary>Runs the idle collector every collection quantum, and drops every activation when the node stops.</summary>
internal sealed class IdleCollectionService(GrainRuntime runtime, IOptions<SiloOptions> options, ILogger<IdleCollectionService> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await runtime.DeactivateAllAsync(DeactivationReason.Shutdown).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out while a grain was still busy; its state is in PostgreSQL already.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum, runtime.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var collected = await runtime.CollectIdleAsync();
                SiloLog.IdleCollected(logger, collected);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
