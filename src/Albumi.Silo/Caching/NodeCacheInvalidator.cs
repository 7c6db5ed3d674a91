using System.Diagnostics;
using Albumi.Grains.Caching;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace Albumi.Silo.Caching;

/// <summary>
/// Drops node-cache entries on every silo the membership knows alive: this node's copy directly, the others through
/// their <see cref="NodeCacheService"/>, all at once. Returns when every silo confirmed; when one does not confirm
/// within <see cref="NodeCache.Lifetime"/> (dead, frozen, cut off), returns once a lifetime has passed since the drop
/// began, when any copy it may hold, fetched before the change, has expired.
/// </summary>
public sealed partial class NodeCacheInvalidator(
    IServiceProvider services, IClusterMembershipService membership, ILocalSiloDetails localSilo, NodeCache cache, ILogger<NodeCacheInvalidator> logger)
    : GrainServiceClient<INodeCacheService>(services), INodeCacheInvalidator
{
    public async Task DropEverywhereAsync(params CacheKey[] keys)
    {
        var started = Stopwatch.GetTimestamp();
        cache.Drop(keys);
        var others = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is not SiloStatus.Dead and not SiloStatus.None && !m.SiloAddress.Equals(localSilo.SiloAddress))
            .Select(m => m.SiloAddress)
            .ToList();
        if (others.Count == 0)
        {
            return;
        }

        var all = Task.WhenAll(others.Select(silo => GetGrainService(silo).DropAsync(keys)));
        if (await Task.WhenAny(all, Task.Delay(NodeCache.Lifetime)) == all && all.IsCompletedSuccessfully)
        {
            return;
        }

        LogUnconfirmed(logger, keys.Length, others.Count);
        var left = NodeCache.Lifetime - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "Not every one of {Silos} other silos confirmed dropping {Keys} cached entries; waited out the cache lifetime instead")]
    private static partial void LogUnconfirmed(ILogger logger, int keys, int silos);
}
