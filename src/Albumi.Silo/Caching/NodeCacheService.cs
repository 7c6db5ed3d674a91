using Albumi.Grains.Caching;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Albumi.Silo.Caching;

/// <summary>
/// The grain service every silo runs for the node cache: it drops entries from this node's copy when told, and closes
/// the copy when this silo stops or the membership declares it dead (other silos then skip it when they drop entries).
/// </summary>
public sealed class NodeCacheService(
    GrainId id, Orleans.Runtime.Silo silo, ILoggerFactory loggerFactory, NodeCache cache, IClusterMembershipService membership, ILocalSiloDetails localSilo)
    : GrainService(id, silo, loggerFactory), INodeCacheService
{
    private readonly CancellationTokenSource _stopping = new();

    public Task DropAsync(CacheKey[] keys)
    {
        cache.Drop(keys);
        return Task.CompletedTask;
    }

    public override async Task Start()
    {
        await base.Start();
        _ = Task.Run(() => CloseWhenDeclaredDeadAsync(_stopping.Token));
    }

    public override async Task Stop()
    {
        cache.Close();
        await _stopping.CancelAsync();
        await base.Stop();
    }

    private async Task CloseWhenDeclaredDeadAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
            {
                if (snapshot.GetSiloStatus(localSilo.SiloAddress) is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping)
                {
                    cache.Close();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
